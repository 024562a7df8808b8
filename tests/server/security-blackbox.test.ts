// Issue 12's black-box check, as an operator would run it: the REAL server (`npx tsx server/main.ts`, demo
// seed, a temp SQLite file, no SIDETEXT_SECRET_KEY, no TRUST_PROXY) as a child process on a free port, and
// `node scripts/security-check/index.mjs <url>` against it from outside.
import { execFile, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, expect, it } from "vitest";
import { waitFor } from "../support/server";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sidetext-blackbox-"));
let server: ChildProcess;
let url: string;
let log = "";

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net
      .createServer()
      .listen(0, "127.0.0.1", () => {
        const { port } = probe.address() as net.AddressInfo;
        probe.close(() => resolve(port));
      })
      .on("error", reject);
  });
}

beforeAll(async () => {
  const port = await freePort();
  url = `http://127.0.0.1:${port}`;
  // The defaults an operator gets: no key, no trusted proxy, the simulator as NODE_ENV (vitest's "test") leaves it.
  const { SIDETEXT_SECRET_KEY: _k, SIDETEXT_SECRET_KEY_FILE: _f, TRUST_PROXY: _t, SIDETEXT_SIMULATOR: _s, ...env } = process.env;
  server = spawn("npx", ["tsx", "server/main.ts"], {
    cwd: repoRoot,
    env: { ...env, SIDETEXT_SEED: "demo", DATABASE_URL: `sqlite:${path.join(dir, "data", "sidetext.db")}`, PORT: String(port), HOST: "127.0.0.1" },
    stdio: ["ignore", "pipe", "pipe"],
    // Its own process group: npx starts tsx, which starts node; the group is ended together (afterAll).
    detached: true,
  });
  server.stdout!.on("data", (d) => (log += d));
  server.stderr!.on("data", (d) => (log += d));
  await waitFor(
    "the server to answer /v1/health",
    async () => {
      if (server.exitCode !== null) throw new Error(`the server exited (${server.exitCode}):\n${log}`);
      return fetch(`${url}/v1/health`).then(
        (r) => r.ok,
        () => false,
      );
    },
    60_000,
    200,
  );
}, 70_000);

afterAll(async () => {
  if (server && server.exitCode === null) {
    const exited = new Promise((resolve) => server.once("exit", resolve));
    process.kill(-server.pid!, "SIGTERM");
    await exited;
  }
  fs.rmSync(dir, { recursive: true, force: true });
});

it("logs its security-relevant mode at start: simulator, where the key lives, trusted proxies", async () => {
  await waitFor("the start-up lines", () => log.includes("Trusted proxies"), 10_000);
  const keyFile = path.join(dir, "data", "secret.key");
  expect(log).toContain("Simulator: on for 4 simulator inboxes");
  expect(log).toContain(`Carrier credentials key: ${keyFile} (created now: back it up with the database)`);
  expect(log).toContain("Trusted proxies (TRUST_PROXY): none");
  expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
});

it("passes every check of scripts/security-check from outside", async () => {
  const result = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(process.execPath, ["scripts/security-check/index.mjs", url], { cwd: repoRoot, timeout: 170_000 }, (err, stdout, stderr) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
  expect(result.stdout, result.stderr).toMatch(/\d+ passed, 0 failed/);
  expect(result.code).toBe(0);
}, 180_000);
