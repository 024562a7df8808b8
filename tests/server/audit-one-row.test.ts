// One row per change on the audit trail (issue 18). A workspace, retention or teammate change writes the feed event
// clients sync (the new value only) and an audit.* row with old → new in the same transaction; the trail (view,
// type filter, export and its counts) shows the audit row alone. History from before the audit rows existed has
// only the feed event, and that stays on the trail, readable as before.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startServer, waitFor, type TestServer } from "../support/server";
import { organisation, type Organisation, type Who } from "./support/organisation";

let s: TestServer;
let o: Organisation;
const old = "2024-03-01T09:00:00.000Z";
beforeAll(async () => {
  process.env.SIDETEXT_EXPORT_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "sidetext-audit-one-row-"));
  s = await startServer();
  o = await organisation(s);
  // A settings change written before the audit rows existed: only its feed event.
  await s.app.ctx.database.db
    .insertInto("event")
    .values({
      type: "workspace.updated",
      action: "updated",
      actorId: o.userId.otto,
      inboxId: null,
      contactId: null,
      conversationId: null,
      data: JSON.stringify({ id: "workspace", defaultCountry: "CA", helpText: "", optOutText: "", hidePushPreview: false, updatedAt: old }),
      createdAt: old,
    })
    .execute();
});
afterAll(() => s.close());

const as = (who: Who, method: string, url: string, json?: unknown) => s.call(method, url, { token: o.token[who], json });
type Row = { type: string; at: string; target: { kind: string; id: string }; changes: unknown };
const rowsOf = async (query: string): Promise<Row[]> => (await as("admin", "GET", `/v1/audit?limit=200&${query}`)).body.rows;

it("a settings, retention or teammate change is one row, with old → new; the feed still carries its event", async () => {
  const since = new Date().toISOString();
  expect((await as("otto", "PATCH", "/v1/workspace/settings", { defaultCountry: "GB" })).status).toBe(200);
  expect((await as("admin", "PUT", "/v1/audit/retention", { mode: "redact", days: 30 })).status).toBe(200);
  expect((await as("admin", "PATCH", `/v1/users/${o.userId.uma}`, { name: "Uma Lee" })).status).toBe(200);
  const rows = await rowsOf(`from=${encodeURIComponent(since)}`);
  expect(rows.map((r) => r.type).sort()).toEqual(["audit.retention.updated", "audit.user.updated", "audit.workspace.updated"]);
  expect(rows.find((r) => r.type === "audit.workspace.updated")?.changes).toEqual([{ field: "defaultCountry", from: "US", to: "GB" }]);
  // Asking for the feed's type gives its changes, as their audit rows (and the old plain one).
  const settings = await rowsOf("type=workspace.updated");
  expect(settings.map((r) => [r.type, r.at >= since])).toEqual([
    ["audit.workspace.updated", true],
    ["workspace.updated", false],
  ]);
  // Clients still get the plain events in their feed.
  const feed = await as("admin", "GET", "/v1/sync?after=0&limit=1000");
  const types = (feed.body.events as Array<{ type: string }>).map((e) => e.type);
  expect(types).toEqual(expect.arrayContaining(["workspace.updated", "user.updated"]));
});

it("older history, with only the feed event, stays readable on the trail and in the export", async () => {
  const [before] = await rowsOf(`to=${encodeURIComponent("2024-03-02T00:00:00.000Z")}`);
  expect(before).toMatchObject({ type: "workspace.updated", at: old, target: { kind: "setting", id: "workspace" }, changes: null });
  const created = await as("admin", "POST", "/v1/audit/exports", { from: "2024-01-01T00:00:00.000Z", to: new Date().toISOString(), formats: ["jsonl"] });
  expect(created.status).toBe(202);
  const done = await waitFor("the export", async () => {
    const { body } = await as("admin", "GET", `/v1/audit/exports/${created.body.export.id}`);
    return body.export.status === "done" ? body.export : null;
  });
  const res = await fetch(s.url + done.links[0].url);
  const lines = (await res.text())
    .trimEnd()
    .split("\n")
    .map((l) => JSON.parse(l) as Row);
  const settings = lines.filter((l) => l.type.endsWith("workspace.updated")).map((l) => l.type);
  expect(settings).toEqual(["workspace.updated", "audit.workspace.updated"]);
  expect(done.manifest.rows).toBe(lines.length);
  expect(done.manifest.counts["workspace.updated"]).toBe(1);
  expect(done.manifest.counts["user.updated"]).toBeUndefined();
});
