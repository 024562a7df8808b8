// The push pipeline's guarantees: the VAPID pair is kept (file 0600 beside the database, or sealed in it);
// a stretch of the feed is fanned out by exactly one of several racing instances and a job claimed by
// exactly one sender; a push service's 5xx is retried with backoff, off the inbound path.
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, tempDbFile, type TestServer } from "../support/server";
import { workspace, type Workspace } from "./support/workspace";
import { textIn } from "./support/demo";
import { resolveVapidKeys } from "../../server/push/vapid-keys";
import { vapidKeysFromDatabase } from "../../server/push/vapid-store";
import { advanceCursor, claimDueJobs, feedHead, pushCursor } from "../../server/push/push-jobs.repository";
import { saveSubscription } from "../../server/push/push.repository";

describe("the VAPID pair", () => {
  it("is made once beside the SQLite database, readable by its owner only, and read back on the next start", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sidetext-vapid-"));
    const url = `sqlite:${path.join(dir, "sidetext.db")}`;
    const first = resolveVapidKeys({}, url, "http://localhost:8787")!;
    expect(first.source).toMatch(/created now/);
    expect(fs.statSync(path.join(dir, "vapid.json")).mode & 0o777).toBe(0o600);
    const second = resolveVapidKeys({}, url, "http://localhost:8787")!;
    expect(second).toMatchObject({ publicKey: first.publicKey, privateKey: first.privateKey, subject: "mailto:sidetext@localhost" });
    expect(Buffer.from(first.publicKey, "base64url")).toHaveLength(65);
  });

  it("comes from the environment when given (both halves or neither), and from the database on PostgreSQL", () => {
    const url = `sqlite:${path.join(fs.mkdtempSync(path.join(os.tmpdir(), "sidetext-vapid-")), "x.db")}`;
    const made = resolveVapidKeys({}, url, "https://inbox.example.com")!;
    const given = resolveVapidKeys({ VAPID_PUBLIC_KEY: made.publicKey, VAPID_PRIVATE_KEY: made.privateKey }, "postgres://db/x", "https://inbox.example.com")!;
    expect(given).toMatchObject({ publicKey: made.publicKey, subject: "https://inbox.example.com", source: "VAPID_PUBLIC_KEY/VAPID_PRIVATE_KEY" });
    expect(() => resolveVapidKeys({ VAPID_PUBLIC_KEY: made.publicKey }, url, "http://x")).toThrow(/both/);
    expect(() => resolveVapidKeys({ VAPID_PUBLIC_KEY: "nonsense", VAPID_PRIVATE_KEY: "nonsense" }, url, "http://x")).toThrow();
    expect(resolveVapidKeys({}, "postgres://db/x", "http://x")).toBeUndefined();
  });
});

let s: TestServer;
let w: Workspace;
let endpoint: { url: string; answers: number[]; hits: number[]; close(): Promise<void> };
beforeAll(async () => {
  s = await startServer({ pushAllowHttp: true });
  w = await workspace(s);
  // A push service that answers what it is told, in order (201 once the list runs out), after a delay.
  const answers: number[] = [];
  const hits: number[] = [];
  let delayMs = 0;
  const server = http.createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      hits.push(performance.now());
      setTimeout(() => res.writeHead(answers.shift() ?? 201).end(), delayMs);
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  endpoint = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/push/`,
    answers,
    hits,
    close: () => new Promise((r) => server.close(() => r())),
  };
  Object.defineProperty(endpoint, "delayMs", { set: (v: number) => (delayMs = v) });
});
afterAll(async () => {
  await s?.close();
  await endpoint?.close();
});

/** Real P-256 keys, as a browser makes for a subscription. */
const browserKeys = () => ({
  p256dh: crypto.createECDH("prime256v1").generateKeys().toString("base64url"),
  auth: crypto.randomBytes(16).toString("base64url"),
});

describe("exactly once", () => {
  it("keeps one pair in the database however many instances ask", async () => {
    const db = s.app.ctx.database.db;
    const [a, b] = await Promise.all([
      vapidKeysFromDatabase(db, s.config.secretKey, "mailto:a@b"),
      vapidKeysFromDatabase(db, s.config.secretKey, "mailto:a@b"),
    ]);
    expect(a).toEqual(b);
    // The one the running server signs with, and the private half is not stored as it is.
    expect(a.publicKey).toBe((await s.call("GET", "/v1/push/key", { token: w.token.bob })).body.publicKey);
    expect(JSON.stringify(await db.selectFrom("pushVapid").selectAll().execute())).not.toContain(a.privateKey);
  });

  it("makes a new pair, dropping the devices subscribed with the old one, when the secret key changed", async () => {
    const dbFile = tempDbFile();
    const first = await startServer({ secretKey: "first-secret-0123456789" }, dbFile);
    const bobFirst = await first.login("bob@demo.test");
    const firstKey = (await first.call("GET", "/v1/push/key", { token: bobFirst })).body.publicKey;
    await first.call("POST", "/v1/push/subscriptions", { token: bobFirst, json: { endpoint: "https://push.example/bob", keys: browserKeys() } });
    expect((await first.call("GET", "/v1/push/subscriptions", { token: bobFirst })).body.devices).toHaveLength(1);
    await first.close();
    const second = await startServer({ secretKey: "second-secret-0123456789" }, dbFile);
    try {
      const bob = await second.login("bob@demo.test");
      expect((await second.call("GET", "/v1/push/key", { token: bob })).body.publicKey).not.toBe(firstKey);
      expect((await second.call("GET", "/v1/push/subscriptions", { token: bob })).body.devices).toEqual([]);
    } finally {
      await second.close();
    }
  });

  it("lets only one of two fan-outs that read the same stretch move the cursor and store its jobs", async () => {
    const db = s.app.ctx.database.db;
    const device = await saveSubscription(db, { userId: w.userId.bob, endpoint: `${endpoint.url}race`, ...browserKeys(), label: null, userAgent: null });
    const job = (messageId: string) => ({ messageId, subscriptionId: device.id, payload: "{}", topic: "t" });
    // Far past the feed's head, so the server's own fan-out has nothing to read meanwhile.
    const far = 1e9;
    await db.updateTable("pushCursor").set({ position: far }).execute();
    const raced = await Promise.all([
      advanceCursor(db, far, far + 1, [job("msg_a")], { by: "a", until: far.toString() }),
      advanceCursor(db, far, far + 1, [job("msg_b")], { by: "b", until: far.toString() }),
    ]);
    expect(await pushCursor(db)).toBe(far + 1);
    await db
      .updateTable("pushCursor")
      .set({ position: await feedHead(db) })
      .execute();
    expect(raced.filter(Boolean)).toHaveLength(1);
    const stored = (await db.selectFrom("pushJob").select("messageId").where("messageId", "in", ["msg_a", "msg_b"]).execute()).map((r) => r.messageId);
    expect(stored).toEqual([raced[0] ? "msg_a" : "msg_b"]);
  });

  it("does not push a text first read long after it came in (the server was down), and moves on past it", async () => {
    const db = s.app.ctx.database.db;
    await saveSubscription(db, { userId: w.userId.bob, endpoint: `${endpoint.url}late`, ...browserKeys(), label: null, userAgent: null });
    await db.updateTable("pushCursor").set({ position: 1e9 }).execute(); // the fan-out pauses
    const message = await textIn(s, w.token.admin, w.mainLine, "+14155550191", "Sent while we were down");
    const hourAgo = new Date(Date.now() - 3600_000).toISOString();
    const rows = await db.selectFrom("event").selectAll().where("type", "=", "message.created").execute();
    const row = rows.find((r) => JSON.parse(r.data).id === message.id)!;
    await db
      .updateTable("event")
      .set({ data: JSON.stringify({ ...message, createdAt: hourAgo }) })
      .where("seq", "=", row.seq)
      .execute();
    const head = await feedHead(db);
    // Just before the text's event: the fan-out reads it next.
    await db
      .updateTable("pushCursor")
      .set({ position: Number(row.pos ?? row.seq) - 1 })
      .execute();
    const until = Date.now() + 5000;
    while ((await pushCursor(db)) < head && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    expect(await pushCursor(db)).toBeGreaterThanOrEqual(head);
    expect(await db.selectFrom("pushJob").select("id").where("messageId", "=", message.id).execute()).toEqual([]);
  });

  it("hands each due job to exactly one of two senders claiming at once", async () => {
    const db = s.app.ctx.database.db;
    const device = await saveSubscription(db, { userId: w.userId.bob, endpoint: `${endpoint.url}claims`, ...browserKeys(), label: null, userAgent: null });
    const at = new Date(Date.now() + 60_000).toISOString(); // not yet due for the server's own sender
    const ids = Array.from({ length: 20 }, (_, i) => `pjob_claim${i}`);
    await db
      .insertInto("pushJob")
      .values(
        ids.map((id) => ({
          id,
          messageId: id,
          subscriptionId: device.id,
          payload: "{}",
          topic: "t",
          status: "pending",
          attempts: 0,
          runAt: at,
          createdAt: at,
        })),
      )
      .execute();
    await db
      .updateTable("pushJob")
      .set({ runAt: new Date(Date.now() - 1000).toISOString(), claimedBy: "someone", claimedUntil: at })
      .where("id", "in", ids)
      .execute();
    // Claimed by a sender that is still alive: nobody else gets them.
    // A limit above every job of this server: earlier tests' due jobs (ordered first by runAt) must not crowd ours out.
    expect(await claimDueJobs(db, { by: "x", until: at }, 10_000).then((jobs) => jobs.filter((j) => ids.includes(j.id)))).toEqual([]);
    await db
      .updateTable("pushJob")
      .set({ claimedUntil: new Date(Date.now() - 1).toISOString() })
      .where("id", "in", ids)
      .execute();
    const [a, b] = await Promise.all([claimDueJobs(db, { by: "claim-a", until: at }, 10_000), claimDueJobs(db, { by: "claim-b", until: at }, 10_000)]);
    const mine = (jobs: { id: string }[]) => jobs.map((j) => j.id).filter((id) => ids.includes(id));
    expect([...mine(a), ...mine(b)].sort()).toEqual([...ids].sort());
    expect(mine(a).filter((id) => mine(b).includes(id))).toEqual([]);
    await db.deleteFrom("pushJob").where("id", "in", ids).execute();
  });
});

describe("retries", () => {
  it("answers the inbound at once while the push service is slow, and retries a 503 after a backoff", async () => {
    const db = s.app.ctx.database.db;
    await db.deleteFrom("pushSubscription").execute();
    await s.call("POST", "/v1/push/subscriptions", { token: w.token.alice, json: { endpoint: `${endpoint.url}alice`, keys: browserKeys() } });
    endpoint.answers.push(503);
    (endpoint as unknown as { delayMs: number }).delayMs = 1500;
    const hitsBefore = endpoint.hits.length;
    const started = performance.now();
    await textIn(s, w.token.admin, w.mainLine, "+14155550190", "Slow push service");
    expect(performance.now() - started).toBeLessThan(1000);
    const until = Date.now() + 10_000;
    while (endpoint.hits.length < hitsBefore + 2 && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    const [first, second] = endpoint.hits.slice(hitsBefore);
    expect(second - first).toBeGreaterThanOrEqual(1500 + 2000 - 100);
    await new Promise((r) => setTimeout(r, 1700));
    const jobs = await db
      .selectFrom("pushJob")
      .innerJoin("pushSubscription", "pushSubscription.id", "pushJob.subscriptionId")
      .select(["status", "attempts", "lastError"])
      .execute();
    expect(jobs).toEqual([{ status: "sent", attempts: 1, lastError: "push service answered 503" }]);
    (endpoint as unknown as { delayMs: number }).delayMs = 0;
  }, 20_000);
});
