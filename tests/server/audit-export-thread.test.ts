// Issue 18: a large audit export on SQLite is read on a thread of its own (server/audit/export-read-thread.ts). Its
// files are byte for byte those the server's thread writes from the same pages, and the whole export is one snapshot
// of the trail: names changed, rows added or removed after its first page are not in it. On PostgreSQL the pages
// are read on the server's thread, in one REPEATABLE READ transaction: the same snapshot test holds there.
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { RetentionCut } from "../../server/audit/audit-rows";
import { csvPage, jsonlPage } from "../../server/audit/export-files";
import { FIELDS, flatPage, type FlatPage } from "../../server/audit/export-flat";
import { auditRows, exportPages } from "../../server/audit/export-pages";
import { startServer, waitFor, type TestServer } from "../support/server";
import { organisation, type Organisation } from "./support/organisation";

/** Above the thread's threshold (20,000 rows). */
const EVENTS = 24_500;
const DAY = 86_400_000;
const keep: RetentionCut = { mode: "keep", cutoff: null };

let s: TestServer;
let o: Organisation;
let from: string;
let to: string;
let contactId: string;

beforeAll(async () => {
  process.env.SIDETEXT_EXPORT_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "sidetext-audit-thread-"));
  s = await startServer();
  o = await organisation(s);
  const { db } = s.app.ctx.database;
  const cnv = await db.selectFrom("conversation").select(["id", "contactId"]).where("inboxId", "=", o.inbox.main).orderBy("id").executeTakeFirstOrThrow();
  contactId = cnv.contactId;
  // A day of texts, ending an hour ago, in the range and behind everything the demo seed wrote.
  const start = Date.now() - 26 * 3_600_000;
  from = new Date(start).toISOString();
  const rows = Array.from({ length: EVENTS }, (_, i) => {
    const at = new Date(start + Math.floor((i * DAY) / EVENTS)).toISOString();
    const data = {
      id: `msg_t${i}`,
      conversationId: cnv.id,
      contactId,
      direction: i % 2 ? "inbound" : "outbound",
      body: `Text ${i}, "quoted"\nline`,
      createdAt: at,
    };
    return {
      type: "message.created",
      action: "created",
      actorId: i % 2 ? null : o.userId.lars,
      inboxId: o.inbox.main,
      contactId,
      conversationId: cnv.id,
      data: JSON.stringify(data),
      createdAt: at,
    };
  });
  for (let i = 0; i < rows.length; i += 500)
    await db
      .insertInto("event")
      .values(rows.slice(i, i + 500))
      .execute();
  to = new Date(start + DAY + 1000).toISOString();
}, 120_000);
afterAll(async () => {
  await s.close();
  // The export's files are ~25 MB: not left in the temp folder after every run.
  fs.rmSync(process.env.SIDETEXT_EXPORT_DIR!, { recursive: true, force: true });
});

/** The range's pages as the server's thread reads them now. */
async function pagesHere(): Promise<FlatPage[]> {
  const pages: FlatPage[] = [];
  for await (const rows of auditRows(s.app.ctx.database, { from, to }, keep)) pages.push(flatPage(rows));
  return pages;
}

const files = (pages: FlatPage[]) => ({
  csv: pages.map((p, i) => csvPage(p, i === 0)).join(""),
  jsonl: pages.map((p) => jsonlPage(p)).join(""),
});
const sha256 = (text: string | Buffer) => createHash("sha256").update(text).digest("hex");

it("a large export's files are those written from the same pages on the server's thread, with the manifest's hashes", async () => {
  const expected = files(await pagesHere());
  const admin = (method: string, url: string, json?: unknown) => s.call(method, url, { token: o.token.admin, json });
  const created = await admin("POST", "/v1/audit/exports", { from, to });
  expect(created.status, JSON.stringify(created.body)).toBe(202);
  const exp = await waitFor(
    "the export to finish",
    async () => {
      const { body } = await admin("GET", `/v1/audit/exports/${created.body.export.id}`);
      if (body.export.status === "failed") throw new Error(body.export.error);
      return body.export.status === "done" ? body.export : null;
    },
    90_000,
  );
  expect(exp.manifest.rows).toBeGreaterThanOrEqual(EVENTS);
  for (const [name, text] of [
    ["audit.csv", expected.csv],
    ["audit.jsonl", expected.jsonl],
  ] as const) {
    const res = await fetch(s.url + exp.links.find((l: { name: string }) => l.name === name).url);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(bytes.equals(Buffer.from(text)), name).toBe(true);
    expect(exp.manifest.files.find((f: { name: string }) => f.name === name).sha256).toBe(sha256(text));
  }
}, 120_000);

// Read on the thread (a large export), and on the server's thread as a small one would be (its own connection on SQLite).
it.each([
  { read: "on the thread", small: false, last: "2449" },
  { read: "here, as a small export", small: true, last: "2448" },
])(
  "is one snapshot when read $read: changes made after the export's first page (a name, a new row, deleted rows) are not in it",
  async ({ small, last: ten }) => {
    const before = (await pagesHere()).flat();
    const database = s.app.ctx.database;
    const pages = exportPages(database, { from, to }, keep, small ? 1 : before.length / FIELDS);
    const first = await pages.next();
    expect(first.done).toBe(false);
    const { db } = database;
    await db.updateTable("contact").set({ name: "Renamed mid-export" }).where("id", "=", contactId).execute();
    const last = before[before.length - FIELDS + 1] as string;
    await db
      .insertInto("event")
      .values({
        type: "contact.updated",
        action: "updated",
        actorId: null,
        inboxId: null,
        contactId,
        conversationId: null,
        data: JSON.stringify({ id: contactId }),
        createdAt: last,
      })
      .execute();
    const deleted = await db.deleteFrom("event").where("data", "like", `{"id":"msg_t${ten}_"%`).executeTakeFirst();
    expect(Number(deleted.numDeletedRows)).toBe(10);
    const rest: FlatPage[] = [];
    for (let p = await pages.next(); !p.done; p = await pages.next()) rest.push(p.value);
    expect([first.value as FlatPage, ...rest].flat()).toEqual(before);
    // Read again now, all three changes are there.
    const now = (await pagesHere()).flat();
    expect(now.length).toBe(before.length - 9 * FIELDS);
    expect(now.some((v) => typeof v === "string" && v.startsWith("Renamed mid-export"))).toBe(true);
  },
  120_000,
);
