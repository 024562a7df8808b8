// Starts a real Sidetext server on 127.0.0.1 with a fresh SQLite file, for tests and benchmarks; in the
// PostgreSQL pass (tests/support/test-database.ts) with a fresh PostgreSQL database named after that file.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { AddressInfo } from "node:net";
import { buildApp, type App } from "../../server/app";
import { defaultConfig, type ServerConfig } from "../../server/config";
import { databaseUrlFor } from "./test-database";

export interface TestServer {
  app: App;
  url: string;
  /** The temp SQLite file, or on PostgreSQL the name the test database is derived from (same file, same database). */
  dbFile: string;
  config: ServerConfig;
  /** Signs in a demo user (password sidetext-demo) and returns the bearer token. */
  login(email: string, password?: string): Promise<string>;
  /** fetch against the server with an optional token and JSON body; returns status and parsed body. */
  call(
    method: string,
    urlPath: string,
    opts?: { token?: string; json?: unknown; raw?: string; headers?: Record<string, string> },
  ): Promise<{ status: number; body: any }>;
  close(): Promise<void>;
}

export function tempDbFile(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sidetext-test-"));
  return path.join(dir, "sidetext.db");
}

export async function startServer(overrides: Partial<ServerConfig> = {}, dbFile = tempDbFile()): Promise<TestServer> {
  const config = defaultConfig({
    databaseUrl: overrides.databaseUrl ?? (await databaseUrlFor(dbFile)),
    seed: "demo",
    // The demo threads without the month of history behind them (server/config.ts): tests that read it ask.
    seedHistory: false,
    port: 0,
    tickMs: 50,
    simulatorStepMs: 100,
    loginRateLimit: 1000,
    loginAddressLimit: 1000,
    ...overrides,
  });
  const app = await buildApp(config);
  await app.listen({ port: config.port, host: "127.0.0.1" });
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  config.publicUrl = overrides.publicUrl ?? url;
  const call: TestServer["call"] = async (method, urlPath, opts = {}) => {
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    let body: string | undefined;
    if (opts.json !== undefined) {
      headers["content-type"] = "application/json";
      body = JSON.stringify(opts.json);
    } else if (opts.raw !== undefined) {
      headers["content-type"] ??= "application/json";
      body = opts.raw;
    }
    const res = await fetch(url + urlPath, { method, headers, body });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {}
    return { status: res.status, body: parsed };
  };
  return {
    app,
    url,
    dbFile,
    config,
    call,
    async login(email, password = "sidetext-demo") {
      const res = await call("POST", "/v1/auth/login", { json: { email, password } });
      if (res.status !== 200) throw new Error(`login ${email} failed: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body.token;
    },
    close: () => app.close(),
  };
}

export { sleep, waitFor } from "./wait";
