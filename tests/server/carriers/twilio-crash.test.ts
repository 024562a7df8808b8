// Nothing acknowledged is lost, nothing is stored twice: the server (a child process on a temp SQLite file,
// or a PostgreSQL database in the PostgreSQL pass,
// with a Twilio inbox made by the CLI) is killed with SIGKILL in the middle of a burst of 500 signed inbound
// webhooks; the sender retries whatever was not answered 2xx, the server is restarted, the burst finishes.
import { execFile, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { fileURLToPath } from "node:url";
import { afterAll, expect, it } from "vitest";
import { ACCOUNT_SID, AUTH_TOKEN, inboundParams, signedTwilioPost, type SignedPost } from "./twilio-payloads";
import { compiledEntry } from "../../support/compiled-entry";
import { databaseUrlFor, queryRows } from "../../support/test-database";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sidetext-crash-"));
const dbFile = path.join(dir, "sidetext.db");
const PUBLIC_URL = "https://sidetext.example.com";
const INBOX_NUMBER = "+14155550123";
const TOTAL = 500;
const KILL_AFTER_ACKS = 150;
let server: ChildProcess | null = null;

const freePort = () =>
  new Promise<number>((resolve) => {
    const srv = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });

let env: NodeJS.ProcessEnv;
afterAll(() => {
  if (server?.pid && server.exitCode === null) process.kill(-server.pid, "SIGKILL");
  fs.rmSync(dir, { recursive: true, force: true });
});

// The server and CLI as real processes: their code compiled ahead, which starts faster than tsx (support/compiled-entry.ts).
const mainFile = await compiledEntry("server/main.ts");
const cliFile = await compiledEntry("server/cli.ts");

function startServerProcess(): ChildProcess {
  // Its own process group, so SIGKILL reaches the server and anything it started: a hard crash, no cleanup.
  return spawn(process.execPath, [mainFile], { cwd: repoRoot, env, stdio: "ignore", detached: true });
}

async function waitUntilListening(port: number, timeoutMs = 30_000) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    try {
      await fetch(`http://127.0.0.1:${port}/v1/openapi.json`);
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error("server did not start");
}

async function storedSids(inboxId: string): Promise<Set<string>> {
  const rows = await queryRows<{ carrierMessageId: string }>(dbFile, "select carrierMessageId from message where inboxId = ?", inboxId);
  return new Set(rows.map((r) => r.carrierMessageId));
}

it("stores every message of a burst exactly once across a kill -9 and a restart", async () => {
  const port = await freePort();
  env = {
    ...process.env,
    PORT: String(port),
    HOST: "127.0.0.1",
    DATABASE_URL: await databaseUrlFor(dbFile),
    PUBLIC_URL,
    SIDETEXT_SECRET_KEY: "crash-test-secret",
    SIDETEXT_SIMULATOR: "off",
    // On PostgreSQL: one instance, so media on local disk is fine (media/media-config.ts).
    SIDETEXT_MEDIA_LOCAL: "allow",
  };
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [cliFile, "inbox:create", "--name", "Crash line", "--phone", INBOX_NUMBER, "--carrier", "twilio", "--account-sid", ACCOUNT_SID, "--auth-token", AUTH_TOKEN],
    { cwd: repoRoot, env },
  );
  const inboxId: string = JSON.parse(stdout).inbox.id;
  const hookUrl = `${PUBLIC_URL}/webhooks/twilio/${inboxId}`;

  // 50 customers, 10 texts each: contact and conversation upserts race as well as message inserts.
  const posts: SignedPost[] = Array.from({ length: TOTAL }, (_, i) =>
    signedTwilioPost(hookUrl, inboundParams({ from: `+1415556${String(1000 + (i % 50)).slice(-4)}`, to: INBOX_NUMBER, body: `Message ${i}` })),
  );
  const sids = posts.map((p) => new URLSearchParams(p.body).get("MessageSid")!);

  server = startServerProcess();
  await waitUntilListening(port);

  const pending = posts.map((_, i) => i);
  let acked = 0;
  let ackedAtKill = -1;
  const ackedSids = new Set<string>();
  let storedAtKill: Set<string> | null = null;
  let ackedSidsAtKill: string[] = [];
  let failures = 0;
  const answerLost = new Set<number>();
  let restart: Promise<void> | null = null;
  const deadline = Date.now() + 90_000;

  const crash = () => {
    ackedAtKill = acked;
    ackedSidsAtKill = [...ackedSids];
    process.kill(-server!.pid!, "SIGKILL");
    restart = (async () => {
      await new Promise((r) => server!.once("exit", r));
      storedAtKill = await storedSids(inboxId); // what the dead server had committed
      server = startServerProcess();
      await waitUntilListening(port);
    })();
  };

  async function sender() {
    while (Date.now() < deadline) {
      const i = pending.shift();
      if (i === undefined) return;
      const post = posts[i];
      let ok = false;
      try {
        const res = await fetch(`http://127.0.0.1:${port}${new URL(post.url).pathname}`, { method: "POST", headers: post.headers, body: post.body });
        await res.text();
        ok = res.status >= 200 && res.status < 300;
        // Every tenth first answer is "lost on the way back" (a timeout at Twilio's end): resent though stored.
        if (ok && i % 10 === 0 && !answerLost.has(i)) {
          answerLost.add(i);
          ok = false;
        }
      } catch {
        ok = false; // connection refused or reset: the answer never came
      }
      if (ok) {
        acked++;
        ackedSids.add(sids[i]);
        if (acked === KILL_AFTER_ACKS && ackedAtKill < 0) crash();
      } else {
        failures++;
        pending.push(i); // like Twilio with a connection override: resend what was not answered 2xx
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  }
  await Promise.all(Array.from({ length: 16 }, sender));
  await restart;

  console.log(`crash: killed after ${ackedAtKill} acks with ${storedAtKill!.size} stored; ${failures} requests failed and were resent`);
  expect(ackedSidsAtKill.filter((sid) => !storedAtKill!.has(sid))).toEqual([]); // committed before answered
  expect(ackedAtKill).toBeGreaterThan(0);
  expect(ackedAtKill).toBeLessThan(TOTAL);
  expect(failures).toBeGreaterThan(0); // some requests really were cut off by the crash
  expect(acked).toBe(TOTAL);

  process.kill(-server.pid!, "SIGTERM");
  await new Promise((r) => server!.once("exit", r));
  const rows = await queryRows<{ carrierMessageId: string; n: number }>(
    dbFile,
    "select carrierMessageId, count(*) as n from message where inboxId = ? and direction = 'inbound' group by carrierMessageId",
    inboxId,
  );
  expect(rows.filter((r) => r.n !== 1)).toEqual([]);
  expect(rows.map((r) => r.carrierMessageId).sort()).toEqual([...sids].sort());
}, 120_000);
