// Invariant 6: bad input gets a 4xx with an error code and a message, changes nothing, and is never a 500.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ErrorBody } from "../../src/protocol/api";
import { hashToken } from "../../server/auth/passwords";
import { startServer, type TestServer } from "../support/server";
import { conversationWith, snapshot, workspace, type Workspace } from "./support/workspace";

let s: TestServer;
let w: Workspace;
let conv: string;
let expired: string;
beforeAll(async () => {
  s = await startServer();
  w = await workspace(s);
  conv = await conversationWith(s, w.mainLine, "Michael Brown");
  expired = await s.login("alice@demo.test");
  await s.app.ctx.database.db.updateTable("apiToken").set({ expiresAt: "2020-01-01T00:00:00.000Z" }).where("tokenHash", "=", hashToken(expired)).execute();
});
afterAll(() => s.close());

interface Case {
  method: string;
  path: () => string;
  json?: unknown;
  raw?: string;
  headers?: Record<string, string>;
  token?: () => string | undefined;
}

const send = (json: unknown): Omit<Case, "method"> => ({ path: () => `/v1/conversations/${conv}/messages`, json });
const cases: Array<[string, number, string, Case]> = [
  ["malformed JSON", 400, "validation_failed", { method: "POST", path: () => `/v1/conversations/${conv}/messages`, raw: '{"body": "hi",' }],
  ["an empty JSON body", 400, "validation_failed", { method: "POST", path: () => `/v1/conversations/${conv}/messages`, raw: "" }],
  ["a missing field", 400, "validation_failed", { method: "POST", ...send({ body: "hi" }) }],
  ["an unknown field", 400, "validation_failed", { method: "POST", ...send({ body: "hi", clientId: "x1", priority: "high" }) }],
  ["a field of the wrong type", 400, "validation_failed", { method: "POST", ...send({ body: 42, clientId: "x2" }) }],
  ["an empty message", 400, "validation_failed", { method: "POST", ...send({ body: "   ", clientId: "x3" }) }],
  ["a message over 1,600 characters", 400, "validation_failed", { method: "POST", ...send({ body: "a".repeat(1601), clientId: "x4" }) }],
  ["a media URL that is not a URL", 400, "validation_failed", { method: "POST", ...send({ body: "hi", mediaUrls: ["nope"], clientId: "x5" }) }],
  ["a request body over 1 MB", 413, "too_large", { method: "POST", ...send({ body: "hi", clientId: "x6", pad: "a".repeat(1_100_000) }) }],
  [
    "an invalid phone number",
    400,
    "validation_failed",
    { method: "POST", path: () => "/v1/messages", json: () => ({ inboxId: w.mainLine, to: "555", body: "hi", clientId: "x7" }) },
  ],
  [
    "letters for a phone number",
    400,
    "validation_failed",
    { method: "POST", path: () => "/v1/messages", json: () => ({ inboxId: w.mainLine, to: "call me", body: "hi", clientId: "x8" }) },
  ],
  [
    "an unknown conversation id",
    404,
    "not_found",
    { method: "POST", path: () => "/v1/conversations/conv_missing/messages", json: { body: "hi", clientId: "x9" } },
  ],
  [
    "an unknown inbox id",
    404,
    "not_found",
    { method: "POST", path: () => "/v1/messages", json: { inboxId: "inb_missing", to: "+14155550100", body: "hi", clientId: "x10" } },
  ],
  ["an unknown status", 400, "validation_failed", { method: "PATCH", path: () => `/v1/conversations/${conv}`, json: { status: "closed" } }],
  ["an empty change", 400, "validation_failed", { method: "PATCH", path: () => `/v1/conversations/${conv}`, json: {} }],
  [
    "a snooze time that is not a time",
    400,
    "validation_failed",
    { method: "PATCH", path: () => `/v1/conversations/${conv}`, json: { status: "snoozed", snoozedUntil: "tomorrow" } },
  ],
  ["an unknown assignee", 400, "validation_failed", { method: "PATCH", path: () => `/v1/conversations/${conv}`, json: { assigneeId: "usr_missing" } }],
  ["a limit that is not a number", 400, "validation_failed", { method: "GET", path: () => "/v1/conversations?limit=lots" }],
  ["an unknown query parameter", 400, "validation_failed", { method: "GET", path: () => "/v1/conversations?sort=name" }],
  ["a negative sync cursor", 400, "validation_failed", { method: "GET", path: () => "/v1/sync?after=-1" }],
  ["a text/plain body", 400, "validation_failed", { method: "POST", ...send(undefined), raw: "hello", headers: { "content-type": "text/plain" } }],
  [
    "a note over 5,000 characters",
    400,
    "validation_failed",
    { method: "POST", path: () => `/v1/conversations/${conv}/notes`, json: { body: "n".repeat(5001) } },
  ],
  [
    "a template shortcut with spaces",
    400,
    "validation_failed",
    { method: "POST", path: () => "/v1/templates", json: { name: "X", body: "Y", shortcut: "two words" }, token: () => w.token.admin },
  ],
  [
    "a login without a password",
    400,
    "validation_failed",
    { method: "POST", path: () => "/v1/auth/login", json: { email: "alice@demo.test" }, token: () => undefined },
  ],
  ["no token", 401, "unauthorized", { method: "GET", path: () => "/v1/conversations", token: () => undefined }],
  ["an unknown token", 401, "unauthorized", { method: "GET", path: () => "/v1/conversations", token: () => "stx_made_up" }],
  ["an expired token", 401, "unauthorized", { method: "POST", ...send({ body: "hi", clientId: "x11" }), token: () => expired }],
  ["an unknown route", 404, "not_found", { method: "GET", path: () => "/v1/conversation" }],
];

describe("bad input", () => {
  it.each(cases)("%s → %i %s, nothing changed", async (_name, status, code, c) => {
    const before = await snapshot(s);
    const token = c.token ? c.token() : w.token.alice;
    const json = typeof c.json === "function" ? c.json() : c.json;
    const res = await s.call(c.method, c.path(), { token, json, raw: c.raw, headers: c.headers });
    expect(res.status).toBe(status);
    const body = ErrorBody.parse(res.body);
    expect(body.error.code).toBe(code);
    expect(body.error.message.length).toBeGreaterThan(0);
    expect(await snapshot(s)).toEqual(before);
  });

  it("names the offending field in a validation error", async () => {
    const res = await s.call("POST", `/v1/conversations/${conv}/messages`, { token: w.token.alice, json: { body: "a".repeat(1601), clientId: "x12" } });
    expect(res.body.error.message).toMatch(/body/);
    expect(res.body.error.message).toMatch(/1600/);
  });
});
