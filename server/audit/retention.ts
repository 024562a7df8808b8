// How long message bodies are kept: forever (the default), deleted with their messages after N days, or blanked
// after N days while the messages' metadata (who, when, direction, status) stays. Owners and organisation admins
// change it; the change is on the audit trail; the retention job (retention-job.ts) applies it to the database
// and exports apply the same cut to what they write.
import type { MessageRetention, MessageRetentionPut } from "../../src/protocol/audit";
import type { ServerContext } from "../context";
import type { AuthedUser } from "../auth/authenticate";
import type { Executor } from "../db/executor";
import { requireAdmin } from "../auth/permissions";
import { changedFields, recordAdminChange } from "./admin-changes";
import { inTransaction } from "../events/transaction";
import { now } from "../ids";
import type { RetentionCut } from "./audit-rows";
import { retentionRow, saveRetentionRow } from "./retention.repository";

const DAY_MS = 86_400_000;

export async function readRetention(db: Executor): Promise<MessageRetention & { appliedBefore: string | null }> {
  const row = await retentionRow(db);
  if (!row) return { id: "retention", mode: "keep", days: null, updatedAt: null, appliedBefore: null };
  return { id: "retention", mode: row.mode as MessageRetention["mode"], days: row.days, updatedAt: row.updatedAt, appliedBefore: row.appliedBefore };
}

/** What the setting removes at `at`: bodies of messages written before the cutoff. */
export function retentionCut(r: Pick<MessageRetention, "mode" | "days">, at: Date): RetentionCut {
  if (r.mode === "keep" || r.days === null) return { mode: "keep", cutoff: null };
  return { mode: r.mode, cutoff: new Date(at.getTime() - r.days * DAY_MS).toISOString() };
}

export async function changeRetention(ctx: ServerContext, by: AuthedUser, put: MessageRetentionPut): Promise<MessageRetention> {
  requireAdmin(by);
  const days = put.mode === "keep" ? null : put.days;
  return inTransaction(ctx.database.db, ctx.bus, async (tx) => {
    const before = await readRetention(tx.db);
    const updatedAt = now();
    // A different rule starts over: the job checks everything again (a longer period removes nothing back).
    const appliedBefore = before.mode === put.mode && before.days === days ? before.appliedBefore : null;
    const row = { mode: put.mode, days, appliedBefore, updatedAt };
    await saveRetentionRow(tx.db, row);
    const retention: MessageRetention = { id: "retention", mode: put.mode, days, updatedAt };
    await tx.emit("retention.updated", retention, { actorId: by.id, action: "updated" });
    await recordAdminChange(tx, "audit.retention.updated", by.id, {
      id: "retention",
      label: "Message retention",
      changes: changedFields({ mode: before.mode, days: before.days }, { mode: put.mode, days }, ["mode", "days"]),
    });
    return retention;
  });
}
