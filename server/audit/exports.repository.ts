// The SQL of audit export jobs (audit-export.ts): one row a job — running, done with its manifest, or failed.
import type { Executor } from "../db/executor";

export async function insertExport(db: Executor, row: { id: string; requestedBy: string; request: string; createdAt: string }): Promise<void> {
  await db
    .insertInto("auditExport")
    .values({ ...row, status: "running" })
    .execute();
}

export async function failExport(db: Executor, id: string, error: string, finishedAt: string): Promise<void> {
  await db.updateTable("auditExport").set({ status: "failed", error, finishedAt }).where("id", "=", id).execute();
}

export async function finishExport(db: Executor, id: string, manifest: string, finishedAt: string): Promise<void> {
  await db.updateTable("auditExport").set({ status: "done", manifest, finishedAt }).where("id", "=", id).execute();
}

export const findExport = (db: Executor, id: string) => db.selectFrom("auditExport").selectAll().where("id", "=", id).executeTakeFirst();
