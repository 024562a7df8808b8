// Issue 18, audit trail: who may read it (owners and organisation admins; not regional managers, location
// admins or agents), and its filters by user, location, type, conversation and time with cursor pages.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type TestServer } from "../support/server";
import { organisation, type Organisation, type Who } from "./support/organisation";
import { snapshot } from "./support/workspace";

let s: TestServer;
let o: Organisation;
const conversation: Record<"main" | "uptown", string> = { main: "", uptown: "" };
let startedAt: string;

beforeAll(async () => {
  process.env.SIDETEXT_EXPORT_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "sidetext-audit-"));
  s = await startServer();
  o = await organisation(s);
  const { db } = s.app.ctx.database;
  const first = (inboxId: string) => db.selectFrom("conversation").select("id").where("inboxId", "=", inboxId).orderBy("id").executeTakeFirstOrThrow();
  conversation.main = (await first(o.inbox.main)).id;
  conversation.uptown = (await first(o.inbox.uptown)).id;
  startedAt = new Date().toISOString();
  // What the trail should show: lars notes on Main line, the owner resolves an Uptown conversation, otto edits a setting.
  expect((await as("lars", "POST", `/v1/conversations/${conversation.main}/notes`, { body: "Called back, all good" })).status).toBe(201);
  expect((await as("admin", "PATCH", `/v1/conversations/${conversation.uptown}`, { status: "resolved" })).status).toBe(200);
  expect((await as("otto", "PATCH", "/v1/workspace/settings", { helpText: "Downtown and Uptown: call 555-0100" })).status).toBe(200);
});
afterAll(() => s.close());

const as = (who: Who, method: string, url: string, json?: unknown) => s.call(method, url, { token: o.token[who], json });
type Row = {
  id: string;
  at: string;
  type: string;
  action: string | null;
  actor: { id: string; name: string } | null;
  location: { name: string } | null;
  target: { kind: string; id: string; label: string };
  body: string | null;
};
const audit = async (query: string, who: Who = "admin") => {
  const res = await as(who, "GET", `/v1/audit?${query}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as { rows: Row[]; nextCursor: string | null };
};

describe("who may read the audit trail", () => {
  it.each(["admin", "otto"] as const)("%s (organisation owner/admin) reads it", async (who) => {
    expect((await audit("limit=5", who)).rows).toHaveLength(5);
  });

  it.each(["rita", "lars", "ari", "uma", "carl", "bob"] as const)(
    "%s (regional manager, location admin or agent) gets 403 everywhere, and nothing changes",
    async (who) => {
      const before = await snapshot(s);
      const from = new Date(Date.now() - 86_400_000).toISOString();
      const refused = [
        await as(who, "GET", "/v1/audit"),
        await as(who, "GET", `/v1/audit?locationId=${o.location.downtown}`),
        await as(who, "POST", "/v1/audit/exports", { from, to: new Date().toISOString() }),
        await as(who, "GET", "/v1/audit/exports/exp_unknown"),
        await as(who, "GET", "/v1/audit/retention"),
        await as(who, "PUT", "/v1/audit/retention", { mode: "redact", days: 1 }),
      ];
      expect(refused.map((r) => r.status)).toEqual([403, 403, 403, 403, 403, 403]);
      expect(refused[0].body.error.code).toBe("forbidden");
      expect(await snapshot(s)).toEqual(before);
      expect(await s.app.ctx.database.db.selectFrom("auditExport").select("id").execute()).toEqual([]);
    },
  );

  it("needs a sign-in", async () => {
    expect((await s.call("GET", "/v1/audit")).status).toBe(401);
  });
});

describe("filters", () => {
  it("says who did what, when, on which conversation or setting", async () => {
    const { rows } = await audit(`from=${encodeURIComponent(startedAt)}`);
    const note = rows.find((r) => r.type === "note.created")!;
    expect(note).toMatchObject({ actor: { id: o.userId.lars }, location: { name: "Downtown" }, target: { kind: "note" }, body: "Called back, all good" });
    const contact = await s.app.ctx.database.db
      .selectFrom("conversation")
      .innerJoin("contact", "contact.id", "conversation.contactId")
      .select(["contact.id", "contact.phoneNumber"])
      .where("conversation.id", "=", conversation.main)
      .executeTakeFirstOrThrow();
    expect(note.target.label).toContain(contact.phoneNumber);
    expect((note as Row & { contact: { id: string } }).contact.id).toBe(contact.id);
    const byContact = await audit(`contactId=${contact.id}&limit=200`);
    expect(byContact.rows.some((r) => r.id === note.id)).toBe(true);
    const resolved = rows.find((r) => r.type === "conversation.updated" && r.action === "resolved")!;
    expect(resolved).toMatchObject({ actor: { id: o.userId.admin }, location: { name: "Uptown" }, target: { kind: "conversation", id: conversation.uptown } });
    // One row per change: the audit row with old → new, not also the feed's workspace.updated beside it.
    expect(rows.some((r) => r.type === "workspace.updated")).toBe(false);
    const setting = rows.find((r) => r.type === "audit.workspace.updated")!;
    expect(setting).toMatchObject({ actor: { id: o.userId.otto, name: expect.any(String) }, location: null, target: { kind: "setting", id: "workspace" } });
  });

  it("by user, location, type, conversation and time", async () => {
    const byLars = await audit(`actorId=${o.userId.lars}&from=${encodeURIComponent(startedAt)}`);
    expect(byLars.rows.map((r) => r.type)).toEqual(["note.created"]);
    const uptown = await audit(`locationId=${o.location.uptown}&limit=200`);
    expect(uptown.rows.length).toBeGreaterThan(0);
    expect(new Set(uptown.rows.map((r) => r.location?.name))).toEqual(new Set(["Uptown"]));
    const settings = await audit("type=workspace.updated,note.created");
    // The feed's type asks for those changes: they come as their audit rows.
    expect(new Set(settings.rows.map((r) => r.type))).toEqual(new Set(["audit.workspace.updated", "note.created"]));
    const thread = await audit(`conversationId=${conversation.uptown}&limit=200`);
    expect(thread.rows.every((r) => r.target.id === conversation.uptown || r.target.kind !== "conversation")).toBe(true);
    expect(thread.rows.some((r) => r.action === "resolved")).toBe(true);
    // The same instant written with an offset reads the same.
    const offset = new Date(Date.parse(startedAt) + 2 * 3_600_000).toISOString().replace("Z", "+02:00");
    const sameInstant = await audit(`from=${encodeURIComponent(offset)}`);
    expect(sameInstant.rows.map((r) => r.id)).toEqual((await audit(`from=${encodeURIComponent(startedAt)}`)).rows.map((r) => r.id));
    const before = await audit(`to=${encodeURIComponent(startedAt)}&limit=200`);
    expect(before.rows.every((r) => r.at < startedAt)).toBe(true);
    expect(before.rows.some((r) => r.type === "note.created" && r.actor?.id === o.userId.lars)).toBe(false);
  });

  it("pages by cursor, newest first, with no row twice or left out", async () => {
    const all = await audit("limit=200");
    expect(all.nextCursor).toBeNull();
    const paged: Row[] = [];
    let cursor: string | null = null;
    do {
      const page = await audit(`limit=7${cursor ? `&cursor=${cursor}` : ""}`);
      paged.push(...page.rows);
      cursor = page.nextCursor;
    } while (cursor);
    expect(paged.map((r) => r.id)).toEqual(all.rows.map((r) => r.id));
    const times = paged.map((r) => r.at);
    expect([...times].sort().reverse()).toEqual(times);
  });

  it.each([
    ["from=yesterday", "from"],
    [`from=${encodeURIComponent(new Date().toISOString())}&to=${encodeURIComponent(startedAt)}`, "from must be before to"],
    ["type=DROP TABLE", "event types"],
    ["limit=500", "limit"],
    ["cursor=abc", "cursor"],
    ["colour=red", "colour"],
  ])("?%s is a clear 400", async (query, words) => {
    const res = await as("admin", "GET", `/v1/audit?${query}`);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("validation_failed");
    expect(res.body.error.message).toContain(words);
  });
});
