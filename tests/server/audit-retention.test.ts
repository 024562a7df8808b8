// Issue 18: message bodies follow the retention setting — in exports and in the database (messages, the
// conversations' previews and the feed's copies), with an injected clock standing in for N days passing.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { AuthedUser } from "../../server/auth/authenticate";
import { createExport } from "../../server/audit/audit-export";
import { applyRetention, startRetention } from "../../server/audit/retention-job";
import { startServer, waitFor, type TestServer } from "../support/server";
import { snapshot } from "./support/workspace";

let s: TestServer;
let token: string;
const DAY = 86_400_000;
// Longer than the demo seed's history reaches back, so the server's own job (real clock) never touches it.
const N = 1000;
const later = (days: number) => new Date(Date.now() + days * DAY);

beforeAll(() => {
  process.env.SIDETEXT_EXPORT_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "sidetext-audit-retention-"));
});
beforeEach(async () => {
  s = await startServer();
  token = await s.login("admin@demo.test");
});
afterEach(() => s.close());

const db = () => s.app.ctx.database.db;
const put = (json: unknown) => s.call("PUT", "/v1/audit/retention", { token, json });
const messages = () => db().selectFrom("message").select(["id", "body", "media", "direction", "status", "createdAt", "authorId"]).orderBy("id").execute();
const messageEvents = async () =>
  (await db().selectFrom("event").select(["type", "data"]).where("type", "like", "message.%").execute()).map((e) => JSON.parse(e.data) as { body: string });

async function exportAt(at: Date) {
  const owner = await db().selectFrom("user").selectAll().where("email", "=", "admin@demo.test").executeTakeFirstOrThrow();
  const by = { id: owner.id, email: owner.email, name: owner.name, role: "owner", inboxIds: [] } as AuthedUser;
  const created = await createExport(s.app.ctx, by, { from: "2000-01-01T00:00:00.000Z", to: at.toISOString(), formats: ["jsonl"] }, () => at);
  const done = await waitFor("the export", async () => {
    const { body } = await s.call("GET", `/v1/audit/exports/${created.id}`, { token });
    return body.export.status === "done" ? body.export : null;
  });
  const file = await fetch(s.url + done.links[0].url);
  return (await file.text())
    .trimEnd()
    .split("\n")
    .map((l) => JSON.parse(l) as { type: string; body: string | null; redacted: boolean; data: { body?: string; preview?: string } });
}

describe("the setting", () => {
  it.each([
    [{ mode: "redact" }, "days"],
    [{ mode: "redact", days: 0 }, "keep bodies at least 1 day"],
    [{ mode: "delete", days: 2.5 }, "days"],
    [{ mode: "forever" }, "mode"],
    [{ mode: "keep", days: 3 }, "days"],
  ])("%j is a clear 400 and changes nothing", async (body, words) => {
    const before = await snapshot(s);
    const res = await put(body);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: "validation_failed", message: expect.stringContaining(words) });
    expect((await s.call("GET", "/v1/audit/retention", { token })).body.retention).toMatchObject({ mode: "keep", days: null, updatedAt: null });
    expect(await snapshot(s)).toEqual(before);
    expect(await db().selectFrom("messageRetention").selectAll().execute()).toEqual([]);
  });

  it("a change is on the audit trail", async () => {
    expect((await put({ mode: "redact", days: 30 })).body.retention).toMatchObject({ mode: "redact", days: 30 });
    const trail = await s.call("GET", "/v1/audit?type=retention.updated", { token });
    // One row per change: the audit row with old → new stands for the feed's retention.updated.
    expect(trail.body.rows).toHaveLength(1);
    expect(trail.body.rows[0]).toMatchObject({
      type: "audit.retention.updated",
      action: "updated",
      target: { kind: "setting", id: "retention" },
      actor: { name: expect.any(String) },
    });
  });
});

describe("redact bodies after N days", () => {
  it("exports leave out bodies older than N days even before the job ran, and keep the newer ones", async () => {
    expect((await put({ mode: "redact", days: N })).status).toBe(200);
    const now = await exportAt(new Date());
    const texts = now.filter((r) => r.type === "message.created");
    expect(texts.length).toBeGreaterThan(0);
    expect(texts.every((r) => !r.redacted && r.body !== null && r.body.length > 0)).toBe(true);
    const old = await exportAt(later(N + 1));
    const redacted = old.filter((r) => r.type.startsWith("message."));
    expect(redacted.length).toBe(now.filter((r) => r.type.startsWith("message.")).length);
    expect(redacted.every((r) => r.redacted && r.body === null && r.data.body === "")).toBe(true);
    expect(old.filter((r) => r.type.startsWith("conversation.")).every((r) => r.data.preview === "")).toBe(true);
    // Still in the database until the job runs.
    expect((await messages()).some((m) => m.body !== "")).toBe(true);
  });

  it("the job blanks bodies, previews and the feed's copies, keeps every message's metadata, and a second run has nothing to do", async () => {
    expect((await put({ mode: "redact", days: N })).status).toBe(200);
    const before = await messages();
    const oldest = new Date(before.map((m) => m.createdAt).sort()[0]);
    expect(await applyRetention(db(), new Date(oldest.getTime() + N * DAY - 60_000))).toEqual({ messages: 0, events: 0, conversations: 0 });
    const run = await applyRetention(db(), later(N + 1));
    expect(run.messages).toBe(before.length);
    const after = await messages();
    expect(after).toEqual(before.map((m) => ({ ...m, body: "", media: "[]" })));
    expect((await messageEvents()).every((e) => e.body === "")).toBe(true);
    const previews = await db().selectFrom("conversation").select("preview").execute();
    expect(previews.every((c) => c.preview === "")).toBe(true);
    expect(await applyRetention(db(), later(N + 1))).toEqual({ messages: 0, events: 0, conversations: 0 });
    // The API shows the message without its text.
    const conversation = await db().selectFrom("message").select("conversationId").executeTakeFirstOrThrow();
    const thread = await s.call("GET", `/v1/conversations/${conversation.conversationId}/messages`, { token });
    expect(thread.body.messages.length).toBeGreaterThan(0);
    expect(thread.body.messages.every((m: { body: string }) => m.body === "")).toBe(true);
  });
});

describe("delete after N days", () => {
  it("the background job, woken by the change, deletes old messages and their events; conversations and notes stay; exports follow", async () => {
    const conversations = (await db().selectFrom("conversation").select("id").execute()).length;
    const notes = (await db().selectFrom("note").select("id").execute()).length;
    const job = startRetention(s.app.ctx, () => later(N + 1));
    try {
      expect((await put({ mode: "delete", days: N })).status).toBe(200);
      // Messages go first, then their events: stopping the job between the two leaves the events to its next run.
      await waitFor("the job to delete the old messages and their events", async () => (await messages()).length === 0 && (await messageEvents()).length === 0);
    } finally {
      await job();
    }
    expect(await messageEvents()).toEqual([]);
    expect((await db().selectFrom("conversation").select("id").execute()).length).toBe(conversations);
    expect((await db().selectFrom("note").select("id").execute()).length).toBe(notes);
    const exported = await exportAt(later(N + 1));
    expect(exported.some((r) => r.type.startsWith("message."))).toBe(false);
    expect(exported.some((r) => r.type === "audit.retention.updated")).toBe(true);
  });

  it("keep forever changes nothing, however old", async () => {
    expect((await put({ mode: "delete", days: 7 })).status).toBe(200);
    expect((await put({ mode: "keep" })).status).toBe(200);
    const before = await messages();
    expect(await applyRetention(db(), later(10_000))).toEqual({ messages: 0, events: 0, conversations: 0 });
    expect(await messages()).toEqual(before);
  });
});
