// Issue 12 item 3: without SIDETEXT_SECRET_KEY the server makes its own key beside the SQLite database
// (mode 0600) instead of using a public constant; PostgreSQL must be given one; credentials sealed with
// the old constant are sealed again on start; the CLI finds the same key.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { configFromEnv } from "../../server/config";
import { resolveSecretKey } from "../../server/secret-key";
import { LEGACY_DEVELOPMENT_KEY } from "../../server/carriers/credentials-rekey";
import { decryptCredentials } from "../../server/carriers/credentials";
import { startServer, tempDbFile } from "../support/server";
import { ACCOUNT_SID, AUTH_TOKEN } from "./carriers/twilio-payloads";

const dirs: string[] = [];
const tempDir = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sidetext-key-"));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

describe("the carrier credentials key", () => {
  it("is made on first start beside the SQLite file, readable by its owner only, and the same on the next start", () => {
    const dir = tempDir();
    const env = { DATABASE_URL: `sqlite:${path.join(dir, "data", "sidetext.db")}` };
    const first = configFromEnv(env);
    const keyFile = path.join(dir, "data", "secret.key");
    expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(first.secretKey).toBe(fs.readFileSync(keyFile, "utf8").trim());
    expect(first.secretKey).not.toBe(LEGACY_DEVELOPMENT_KEY);
    expect(first.secretKey.length).toBeGreaterThanOrEqual(43);
    expect(first.secretKeySource).toBe(`${keyFile} (created now: back it up with the database)`);
    const second = configFromEnv(env);
    expect(second.secretKey).toBe(first.secretKey);
    expect(second.secretKeySource).toBe(keyFile);
  });

  it("is a different random key for each new database", () => {
    const a = configFromEnv({ DATABASE_URL: `sqlite:${path.join(tempDir(), "a.db")}` });
    const b = configFromEnv({ DATABASE_URL: `sqlite:${path.join(tempDir(), "b.db")}` });
    expect(a.secretKey).not.toBe(b.secretKey);
  });

  it("comes from SIDETEXT_SECRET_KEY or SIDETEXT_SECRET_KEY_FILE when given, and then no file is made", () => {
    const dir = tempDir();
    const db = `sqlite:${path.join(dir, "sidetext.db")}`;
    expect(configFromEnv({ DATABASE_URL: db, SIDETEXT_SECRET_KEY: "given-secret-0123456789" }).secretKey).toBe("given-secret-0123456789");
    const file = path.join(tempDir(), "key");
    fs.writeFileSync(file, "from-a-file-0123456789\n", { mode: 0o600 });
    expect(configFromEnv({ DATABASE_URL: db, SIDETEXT_SECRET_KEY_FILE: file }).secretKey).toBe("from-a-file-0123456789");
    expect(fs.existsSync(path.join(dir, "secret.key"))).toBe(false);
  });

  it("must be given on PostgreSQL, where several instances share it", () => {
    expect(() => resolveSecretKey({}, "postgres://db.example/sidetext")).toThrow(/PostgreSQL needs SIDETEXT_SECRET_KEY or SIDETEXT_SECRET_KEY_FILE/);
    expect(resolveSecretKey({ SIDETEXT_SECRET_KEY: "k".repeat(32) }, "postgres://db.example/sidetext").key).toBe("k".repeat(32));
  });

  it("warns in its source line when the key file is readable by others", () => {
    const dir = tempDir();
    const env = { DATABASE_URL: `sqlite:${path.join(dir, "sidetext.db")}` };
    configFromEnv(env);
    fs.chmodSync(path.join(dir, "secret.key"), 0o644);
    expect(configFromEnv(env).secretKeySource).toBe(`${path.join(dir, "secret.key")} (WARNING: readable by other users, mode 644: chmod 600 it)`);
  });

  it("refuses an empty key file rather than using it", () => {
    const file = path.join(tempDir(), "key");
    fs.writeFileSync(file, "\n");
    expect(() => resolveSecretKey({ SIDETEXT_SECRET_KEY_FILE: file }, "sqlite:x.db")).toThrow(/holds no key/);
  });
});

describe("credentials sealed with the old public key", () => {
  it("are sealed again with the server's key on start, and still read", async () => {
    const dbFile = tempDbFile();
    dirs.push(path.dirname(dbFile));
    const old = await startServer({ secretKey: LEGACY_DEVELOPMENT_KEY }, dbFile);
    const owner = await old.login("admin@demo.test");
    const made = await old.call("POST", "/v1/inboxes", {
      token: owner,
      json: { name: "Twilio", phoneNumber: "+14155550177", carrier: "twilio", credentials: { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN } },
    });
    expect(made.status).toBe(201);
    await old.close();

    const key = "new-random-server-key-0123456789";
    const upgraded = await startServer({ secretKey: key }, dbFile);
    try {
      const row = await upgraded.app.ctx.database.db
        .selectFrom("inbox")
        .select(["id", "credentialsEncrypted"])
        .where("id", "=", made.body.inbox.id)
        .executeTakeFirstOrThrow();
      expect(decryptCredentials(key, row.id, row.credentialsEncrypted!)).toEqual({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN });
      expect(() => decryptCredentials(LEGACY_DEVELOPMENT_KEY, row.id, row.credentialsEncrypted!)).toThrow(/do not decrypt/);
    } finally {
      await upgraded.close();
    }
  });

  it("leaves credentials sealed with some other key alone", async () => {
    const dbFile = tempDbFile();
    dirs.push(path.dirname(dbFile));
    const first = await startServer({ secretKey: "key-one-0123456789abcdef" }, dbFile);
    const owner = await first.login("admin@demo.test");
    const made = await first.call("POST", "/v1/inboxes", {
      token: owner,
      json: { name: "Twilio", phoneNumber: "+14155550178", carrier: "twilio", credentials: { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN } },
    });
    const before = await first.app.ctx.database.db
      .selectFrom("inbox")
      .select("credentialsEncrypted")
      .where("id", "=", made.body.inbox.id)
      .executeTakeFirstOrThrow();
    await first.close();
    const second = await startServer({ secretKey: "key-two-0123456789abcdef" }, dbFile);
    const after = await second.app.ctx.database.db
      .selectFrom("inbox")
      .select("credentialsEncrypted")
      .where("id", "=", made.body.inbox.id)
      .executeTakeFirstOrThrow();
    await second.close();
    expect(after.credentialsEncrypted).toBe(before.credentialsEncrypted);
  });
});
