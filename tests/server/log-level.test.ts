// LOG_LEVEL sets the app logger's level: "warn" leaves out the two info lines each request writes (a cost
// bench/postgres-scale.ts shows on the inbound path); anything else is refused at start.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { configFromEnv } from "../../server/config";
import { startServer, type TestServer } from "../support/server";

const dirs: string[] = [];
const env = (extra: Record<string, string>) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sidetext-log-level-"));
  dirs.push(dir);
  return { DATABASE_URL: `sqlite:${path.join(dir, "sidetext.db")}`, SIDETEXT_SECRET_KEY: "log-level-test-secret-key-log-level-test", ...extra };
};

describe("LOG_LEVEL", () => {
  const servers: TestServer[] = [];
  afterAll(async () => {
    for (const s of servers) await s.close();
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("is info unless set, and the server's logger takes it", async () => {
    expect(configFromEnv(env({})).logLevel).toBe("info");
    const { logLevel } = configFromEnv(env({ LOG_LEVEL: "warn" }));
    expect(logLevel).toBe("warn");
    const server = await startServer({ logger: true, logLevel });
    servers.push(server);
    expect(server.app.log.level).toBe("warn");
  });

  it("refuses a level pino does not know", () => {
    expect(() => configFromEnv(env({ LOG_LEVEL: "loud" }))).toThrow(/LOG_LEVEL/);
  });
});
