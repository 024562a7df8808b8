// The workspace's HELP answer (admin console › Workspace) is what a new inbox answers HELP with, unless the
// inbox is given its own; with none set, the inbox's name-based default.
import { afterAll, beforeAll, expect, it } from "vitest";
import { startServer, type TestServer } from "../support/server";

let s: TestServer;
let owner: string;
beforeAll(async () => {
  s = await startServer();
  owner = await s.login("admin@demo.test");
});
afterAll(() => s?.close());

const create = async (json: Record<string, unknown>) =>
  (await s.call("POST", "/v1/inboxes", { token: owner, json: { carrier: "simulator", memberIds: [], ...json } })).body.inbox.helpText as string;

it("starts a new inbox with the workspace's HELP answer, keeps one given, and falls back to the name-based default", async () => {
  expect(await create({ name: "Before", phoneNumber: "+14155550161" })).toBe(
    "Before: reply with your question and a teammate will answer. Reply STOP to opt out.",
  );
  const help = "Acme Roofing: call (415) 555-0100 or reply here. Reply STOP to opt out.";
  expect((await s.call("PATCH", "/v1/workspace/settings", { token: owner, json: { helpText: help } })).status).toBe(200);
  expect(await create({ name: "After", phoneNumber: "+14155550162" })).toBe(help);
  expect(await create({ name: "Own", phoneNumber: "+14155550163", helpText: "Own answer" })).toBe("Own answer");
});
