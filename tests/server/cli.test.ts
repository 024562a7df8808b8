// `npm run cli`: runs as a real process on a temp SQLite file (DATABASE_URL; a PostgreSQL database in the
// PostgreSQL pass); bad input is a clear error.
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { compiledEntry } from "../support/compiled-entry";
import { afterAll, beforeAll, expect, it } from "vitest";
import { decryptCredentials } from "../../server/carriers/credentials";
import { ACCOUNT_SID, AUTH_TOKEN } from "./carriers/twilio-payloads";
import { databaseUrlFor, queryRows } from "../support/test-database";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const dbFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "sidetext-cli-")), "sidetext.db");
let env: NodeJS.ProcessEnv;
beforeAll(async () => {
  env = { ...process.env, DATABASE_URL: await databaseUrlFor(dbFile), PUBLIC_URL: "https://sidetext.example.com/", SIDETEXT_SECRET_KEY: "cli-test-secret" };
});

afterAll(() => fs.rmSync(path.dirname(dbFile), { recursive: true, force: true }));

/** `npm run cli -- …` is `tsx server/cli.ts …`; the same code compiled ahead starts faster (support/compiled-entry.ts). */
const cliFile = await compiledEntry("server/cli.ts");
function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  // A password goes in on stdin (--password-stdin), never in argv.
  const stdin = args.includes("--password-stdin") ? "long enough pw\n" : "";
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [cliFile, ...args], { cwd: repoRoot, env }, (err, stdout, stderr) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
    child.stdin!.end(stdin);
  });
}

it("creates a user and a Twilio inbox with encrypted credentials, and prints the webhook URL", async () => {
  const user = await cli("user:create", "--email", "Dana@Example.com", "--name", "Dana Diaz", "--role", "admin", "--password-stdin");
  expect(user.code).toBe(0);
  expect(JSON.parse(user.stdout).user).toMatchObject({ email: "dana@example.com", role: "admin" });

  const made = await cli(
    "inbox:create",
    "--name",
    "Front desk",
    "--phone",
    "(415) 555-0142",
    "--carrier",
    "twilio",
    "--account-sid",
    ACCOUNT_SID,
    "--auth-token",
    AUTH_TOKEN,
    "--member",
    "dana@example.com",
  );
  expect(made.code).toBe(0);
  expect(made.stdout).not.toContain(AUTH_TOKEN);
  const { inbox, webhookUrl } = JSON.parse(made.stdout);
  expect(inbox).toMatchObject({ phoneNumber: "+14155550142", carrier: "twilio", memberIds: [JSON.parse(user.stdout).user.id] });
  expect(webhookUrl).toBe(`https://sidetext.example.com/webhooks/twilio/${inbox.id}`);

  const [row] = await queryRows<{ credentialsEncrypted: string }>(dbFile, "select credentialsEncrypted from inbox where id = ?", inbox.id);
  expect(decryptCredentials("cli-test-secret", inbox.id, row.credentialsEncrypted)).toEqual({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN });
}, 30_000);

it.concurrent.each([
  [
    ["inbox:create", "--name", "X", "--phone", "+14155550143", "--carrier", "twilio", "--account-sid", "AC12"],
    /credentials\.accountSid: must be a Twilio Account SID/,
  ],
  [["inbox:create", "--name", "X", "--phone", "not a phone", "--carrier", "simulator"], /phoneNumber: "not a phone" is not a phone number/],
  [["inbox:list", "--colour", "red"], /Unknown option '--colour'/],
])(
  "exits 1 with a clear error for %j",
  async (args, message) => {
    const res = await cli(...args);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(message);
    expect(res.stderr).not.toMatch(/at .*\.ts:\d+/); // a sentence, not a stack trace
  },
  30_000,
);
