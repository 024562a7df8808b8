// Issue 18: a large audit export on SQLite is read on a thread of its own (server/audit/export-read-thread.ts). Its
// files are byte for byte those the server's thread writes from the same pages, and the whole export is one snapshot
// of the trail: names changed, rows added or removed after its first page are not in it. On PostgreSQL the pages
// are read on the server's thread, so only the round trip runs there.
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RetentionCut } from "../../server/audit/audit-rows";
import { csvPage, jsonlPage } from "../../server/audit/export-files";
import { FIELDS, flatPage, type FlatPage } from "../../server/audit/export-flat";
import { auditRows, exportPages } from "../../server/audit/export-pages";
import { startServer, waitFor, type TestServer } from "../support/server";
import { onPostgres } from "../support/test-database";
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
afterAll(() => s.close());

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

describe.skipIf(onPostgres)(`one snapshot${onPostgres ? " (skipped: PostgreSQL pages are read on the server's thread)" : ""}`, () => {
  it("changes made after the export's first page (a name, a new row, deleted rows) are not in it", async () => {
    const before = (await pagesHere()).flat();
    const database = s.app.ctx.database;
    const pages = exportPages(database, { from, to }, keep, before.length / FIELDS);
    const first = await pages.next();
    expect(first.done).toBe(false);
    const sqlite = database.sqlite!;
    sqlite.prepare("UPDATE contact SET name = 'Renamed mid-export' WHERE id = ?").run(contactId);
    const last = before[before.length - FIELDS + 1] as string;
    sqlite
      .prepare(
        "INSERT INTO event (type, action, actorId, inboxId, contactId, conversationId, data, createdAt) VALUES ('contact.updated', 'updated', NULL, NULL, ?, NULL, ?, ?)",
      )
      .run(contactId, JSON.stringify({ id: contactId }), last);
    const deleted = sqlite.prepare('DELETE FROM event WHERE data LIKE \'{"id":"msg_t2449_"%\'').run().changes;
    expect(deleted).toBe(10);
    const rest: FlatPage[] = [];
    for (let p = await pages.next(); !p.done; p = await pages.next()) rest.push(p.value);
    expect([first.value as FlatPage, ...rest].flat()).toEqual(before);
    // The server's thread, reading now, sees all three changes.
    const now = (await pagesHere()).flat();
    expect(now.length).toBe(before.length - 9 * FIELDS);
    expect(now.some((v) => typeof v === "string" && v.startsWith("Renamed mid-export"))).toBe(true);
  }, 120_000);
});
