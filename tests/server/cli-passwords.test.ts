// Issue 12 items 3 and 11, through the CLI as a real process on a SQLite file: passwords come from stdin
// (--password-stdin) or a prompt, never argv; the last owner stays an owner; a new password signs the user
// out everywhere; and with no SIDETEXT_SECRET_KEY the CLI seals credentials with the key the server finds.
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { compiledEntry } from "../support/compiled-entry";
import { afterAll, expect, it } from "vitest";
import { configFromEnv } from "../../server/config";
import { decryptCredentials } from "../../server/carriers/credentials";
import { startServer, waitFor } from "../support/server";
import SQLite from "better-sqlite3";
import { ACCOUNT_SID, AUTH_TOKEN } from "./carriers/twilio-payloads";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sidetext-cli-pw-"));
const dbFile = path.join(dir, "sidetext.db");
const { SIDETEXT_SECRET_KEY: _key, SIDETEXT_SECRET_KEY_FILE: _file, ...inherited } = process.env;
const env = { ...inherited, DATABASE_URL: `sqlite:${dbFile}` };
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

// `npm run cli`'s code, compiled ahead so that each start is quicker (support/compiled-entry.ts).
const cliFile = await compiledEntry("server/cli.ts");
function cli(args: string[], stdin = ""): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [cliFile, ...args], { cwd: repoRoot, env }, (err, stdout, stderr) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
    child.stdin!.end(stdin);
  });
}
// SQLite on purpose (also in the PostgreSQL pass): the key beside the database is a SQLite matter.
function queryRows<T>(sqlText: string, ...params: unknown[]): T[] {
  if (!fs.existsSync(dbFile)) return [];
  const db = new SQLite(dbFile, { readonly: true });
  try {
    return db.prepare(sqlText).all(...params) as T[];
  } finally {
    db.close();
  }
}
const users = async () => queryRows<{ email: string; role: string }>("select email, role from user order by email");

it("refuses a password on the command line, and asks for stdin when there is no terminal; nothing is created", async () => {
  const argv = await cli(["user:create", "--email", "eve@example.com", "--name", "Eve", "--role", "owner", "--password", "long enough pw"]);
  expect(argv.code).toBe(1);
  expect(argv.stderr).toContain("--password is not accepted: a password on the command line shows in `ps` and shell history");
  const none = await cli(["user:create", "--email", "eve@example.com", "--name", "Eve", "--role", "owner"]);
  expect(none.code).toBe(1);
  expect(none.stderr).toContain("No password given: pipe it in with --password-stdin");
  expect(await users()).toEqual([]);
}, 90_000);

it("creates a user with the password from stdin, who signs in with it; the only owner cannot be demoted; a lock is lifted", async () => {
  const made = await cli(["user:create", "--email", "Eve@Example.com", "--name", "Eve", "--role", "owner", "--password-stdin"], "eve's long password\n");
  expect(made.code).toBe(0);
  const demote = await cli(["user:set-role", "--email", "eve@example.com", "--role", "agent"]);
  expect(demote.code).toBe(1);
  expect(demote.stderr).toContain("Eve is the workspace's only owner: make someone else an owner first");
  expect(await users()).toEqual([{ email: "eve@example.com", role: "owner" }]);

  const server = await startServer({ databaseUrl: `sqlite:${dbFile}`, seed: "none", loginAccountLimit: 2 }, dbFile);
  try {
    // Locked by failed sign-ins, unlocked by the operator.
    for (let i = 0; i < 2; i++) await server.call("POST", "/v1/auth/login", { json: { email: "eve@example.com", password: "guess" } });
    expect((await server.call("POST", "/v1/auth/login", { json: { email: "eve@example.com", password: "eve's long password" } })).status).toBe(429);
    expect((await cli(["user:unlock", "--email", "eve@example.com"])).code).toBe(0);
    const token = await server.login("eve@example.com", "eve's long password");
    expect((await server.call("GET", "/v1/me", { token })).status).toBe(200);
    const reset = await cli(["user:set-password", "--email", "eve@example.com", "--password-stdin"], "a brand new password\n");
    expect(reset.code).toBe(0);
    expect(JSON.parse(reset.stdout).signedOutSessions).toBe(1);
    // The running server hears of the CLI's change within a second (events/outside-changes.ts).
    await waitFor("the old session refused", async () => (await server.call("GET", "/v1/me", { token })).status === 401, 4000);
    expect((await server.call("POST", "/v1/auth/login", { json: { email: "eve@example.com", password: "a brand new password" } })).status).toBe(200);
  } finally {
    await server.close();
  }
}, 90_000);

it("takes credentials as JSON on stdin, sealed with the key beside the database (no SIDETEXT_SECRET_KEY), the one the server finds", async () => {
  const made = await cli(
    ["inbox:create", "--name", "Front desk", "--phone", "+14155550142", "--carrier", "twilio", "--credentials-stdin"],
    JSON.stringify({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN }),
  );
  expect(made.code).toBe(0);
  expect(made.stderr).not.toContain("warning");
  const keyFile = path.join(dir, "secret.key");
  expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
  const { inbox } = JSON.parse(made.stdout);
  const [row] = queryRows<{ credentialsEncrypted: string }>("select credentialsEncrypted from inbox where id = ?", inbox.id);
  const server = configFromEnv({ DATABASE_URL: `sqlite:${dbFile}` });
  expect(server.secretKeySource).toBe(keyFile);
  expect(decryptCredentials(server.secretKey, inbox.id, row.credentialsEncrypted)).toEqual({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN });
  const notJson = await cli(["inbox:set-credentials", "--inbox", "+14155550142", "--credentials-stdin"], "authToken=abc");
  expect(notJson.code).toBe(1);
  expect(notJson.stderr).toContain("--credentials-stdin: stdin is not JSON");
}, 90_000);
