// The CLI's integration commands as a real process on the server's own database: integrations:list shows the
// CRM connections, webhook endpoints and API keys without any secret, and api-key:revoke stops a key at once.
import { execFile } from "node:child_process";
import { afterAll, beforeAll, expect, it } from "vitest";
import { compiledEntry } from "../support/compiled-entry";
import { startServer, tempDbFile, type TestServer } from "../support/server";
import { startReceiver, type Receiver } from "./support/webhook-receiver";

let s: TestServer;
let r: Receiver;
let env: NodeJS.ProcessEnv;
const dbFile = tempDbFile();
const cliFile = await compiledEntry("server/cli.ts");
const cli = (...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> =>
  new Promise((resolve) =>
    execFile(process.execPath, [cliFile, ...args], { env }, (err, stdout, stderr) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    ),
  );

beforeAll(async () => {
  [s, r] = await Promise.all([startServer({}, dbFile), startReceiver()]);
  env = { ...process.env, DATABASE_URL: s.app.ctx.config.databaseUrl, SIDETEXT_SECRET_KEY: "cli-integrations-test" };
});
afterAll(async () => {
  await s?.close();
  await r?.close();
});

it("lists webhooks and API keys without their secrets, and revokes a key", async () => {
  const admin = await s.login("admin@demo.test");
  const hook = await s.call("POST", "/v1/webhooks", { token: admin, json: { url: r.url, eventTypes: ["message.created"], description: "Billing" } });
  const made = await s.call("POST", "/v1/api-keys", { token: admin, json: { name: "Zapier", scopes: ["read"] } });
  expect(made.status).toBe(201);
  const key: string = made.body.key;

  const listed = await cli("integrations:list");
  expect(listed.code).toBe(0);
  const out = JSON.parse(listed.stdout);
  expect(out.crmConnections).toEqual([]);
  expect(out.webhooks).toMatchObject([{ id: hook.body.endpoint.id, url: r.url, description: "Billing", eventTypes: ["message.created"] }]);
  expect(out.apiKeys).toMatchObject([{ id: made.body.apiKey.id, name: "Zapier", scopes: ["read"], revokedAt: null }]);
  expect(listed.stdout).not.toContain(hook.body.secret.slice(6));
  expect(listed.stdout).not.toContain(key.slice(21));

  expect((await s.call("GET", "/v1/conversations", { token: key })).status).toBe(200);
  const revoked = await cli("api-key:revoke", "--id", made.body.apiKey.id);
  expect(revoked.code).toBe(0);
  expect(JSON.parse(revoked.stdout)).toEqual({ apiKey: made.body.apiKey.id, revoked: true });
  expect((await s.call("GET", "/v1/conversations", { token: key })).status).toBe(401);
});

it("refuses a malformed or unknown key id with a clear error", async () => {
  const bad = await cli("api-key:revoke", "--id", "nope");
  expect(bad.code).toBe(1);
  expect(bad.stderr).toMatch(/--id: 16 hex digits/);
  const unknown = await cli("api-key:revoke", "--id", "0000000000000000");
  expect(unknown.code).toBe(1);
  expect(unknown.stderr).toMatch(/No live API key with id 0000000000000000/);
});
