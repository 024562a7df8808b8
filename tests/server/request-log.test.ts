// Issue 14 (cost per text): the server writes no log line per request at its default level (Fastify wrote two
// at info, "incoming request" and "request completed": ~5 % of an instance's CPU at 1,000 texts/s). LOG_LEVEL=debug
// brings back one line per request with its status. The real server process (server/main.ts), its stdout read.
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { tempDbFile } from "../support/server";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** Starts the server at `level`, sends two requests (a 200 and a 401), stops it; returns its log lines. */
async function logLinesAt(level: string): Promise<Array<Record<string, unknown>>> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: `sqlite:${tempDbFile()}`,
    PORT: "0",
    HOST: "127.0.0.1",
    LOG_LEVEL: level,
    SIDETEXT_SEED: "none",
    SIDETEXT_SECRET_KEY: "request-log-test-secret-request-log",
  };
  const child = spawn(process.execPath, ["--import", "tsx", "server/main.ts"], { cwd: repoRoot, env, stdio: ["ignore", "pipe", "inherit"] });
  let out = "";
  const listening = new Promise<string>((resolve, reject) => {
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const url = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
      if (url) resolve(url);
    });
    child.once("exit", (code) => reject(new Error(`the server exited (${code}) before listening:\n${out}`)));
  });
  try {
    const url = await listening;
    expect((await fetch(`${url}/v1/openapi.json`)).status).toBe(200);
    expect((await fetch(`${url}/v1/me`)).status).toBe(401);
  } finally {
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGTERM");
    await exited;
  }
  return out
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe("request logging", () => {
  it("writes no line per request at the default level, and one with its status at debug", async () => {
    const info = await logLinesAt("info");
    expect(info.some((l) => String(l.msg).includes("Server listening"))).toBe(true);
    expect(info.filter((l) => l.req || l.res || /request/.test(String(l.msg)))).toEqual([]);

    const debug = await logLinesAt("debug");
    const requests = debug.filter((l) => l.msg === "request");
    expect(requests.map((l) => [l.url, l.statusCode])).toEqual(
      expect.arrayContaining([
        ["/v1/openapi.json", 200],
        ["/v1/me", 401],
      ]),
    );
  }, 120_000);
});
