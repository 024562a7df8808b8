// Push latency benchmark (issue 15): `npx tsx bench/push-latency.ts`. A real server (SQLite file, demo
// workspace) and a real test push service (web-push-testing, which checks the VAPID JWT and decrypts every
// payload) in a child process, as a push service is elsewhere (SAME_PROCESS=1: in this one); DEVICES
// subscriptions among the members of Main line. A customer texts in
// (receiveInbound, as a carrier webhook ends); measured: from the inbound's commit (receiveInbound resolved) to
// the push request reaching the push service, for every device. Phases: one text at a time (TEXTS), then a
// burst of BURST texts at once. The floor, measured in the same run: one web-push request (sign + encrypt +
// HTTP) straight to the push service, with no database in between, from its start to its arrival.
import { fork } from "node:child_process";
import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { performance } from "node:perf_hooks";
import { startServer } from "../tests/support/server";
import { pushServiceClient, startTestPushService, type PushRequest } from "../tests/server/push-test-service";
import { receiveInbound } from "../server/messages/receive-inbound";
import { sendPush } from "../server/push/push-service";
import { vapidKeysFromDatabase } from "../server/push/vapid-store";
import { defaultSubject } from "../server/push/vapid-keys";
import { topicOf } from "../server/push/push-fanout";

const DEVICES = Number(process.env.DEVICES ?? 6);
const TEXTS = Number(process.env.TEXTS ?? 50);
const BURST = Number(process.env.BURST ?? 20);

/** The push service in a child process (default) or in this one; `requests` fills as pushes arrive. */
async function pushService() {
  if (process.env.SAME_PROCESS) return startTestPushService();
  const child = fork(fileURLToPath(import.meta.url), {
    env: { ...process.env, PUSH_SERVICE_CHILD: "1" },
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "ignore", "inherit", "ipc"],
  });
  const requests: PushRequest[] = [];
  const sunk: Array<{ topic: string; at: number }> = [];
  const { url, sinkUrl } = await new Promise<{ url: string; sinkUrl: string }>((resolve) =>
    child.on("message", (m: { url?: string; sinkUrl?: string; request?: PushRequest; sunk?: { topic: string; at: number } }) => {
      if (m.url && m.sinkUrl) resolve({ url: m.url, sinkUrl: m.sinkUrl });
      if (m.request) requests.push(m.request);
      if (m.sunk) sunk.push(m.sunk);
    }),
  );
  return { ...pushServiceClient(url), requests, sinkUrl, sunk, close: async () => void child.disconnect() };
}

const now = () => performance.timeOrigin + performance.now();

async function main() {
  const server = await startServer({ pushAllowHttp: true, tickMs: 1000, simulatorStepMs: 350 });
  const push = await pushService();
  const { ctx } = server.app;
  const { db } = ctx.database;
  const mainLine = (await db.selectFrom("inbox").select("id").where("name", "=", "Main line").executeTakeFirstOrThrow()).id;
  const tokens = await Promise.all(["admin", "alice", "bob"].map((who) => server.login(`${who}@demo.test`)));
  const publicKey = (await server.call("GET", "/v1/push/key", { token: tokens[0] })).body.publicKey;
  const hashes: string[] = [];
  for (let i = 0; i < DEVICES; i++) {
    const sub = await push.subscribe(publicKey);
    await server.call("POST", "/v1/push/subscriptions", { token: tokens[i % 3], json: { endpoint: sub.endpoint, keys: sub.keys } });
    hashes.push(sub.clientHash);
  }

  const stats = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))];
    return `median ${at(0.5).toFixed(1)} ms, p95 ${at(0.95).toFixed(1)} ms, max ${s[s.length - 1].toFixed(1)} ms (n=${s.length})`;
  };

  // The demo's simulated customers text in now and then too: a bench text's pushes are told apart by their
  // Topic (one per conversation, and every bench text comes from a number of its own).
  const pushesFor = (topics: Set<string>) => push.requests.filter((r) => r.headers.topic && topics.has(r.headers.topic));

  /** Waits until each of `topics` has reached every device. */
  async function arrivals(topics: Set<string>) {
    const until = Date.now() + 10_000;
    while (pushesFor(topics).length < topics.size * DEVICES && Date.now() < until) await new Promise((r) => setImmediate(r));
    const got = pushesFor(topics);
    if (got.length < topics.size * DEVICES) throw new Error(`only ${got.length} of ${topics.size * DEVICES} pushes arrived`);
    return got;
  }

  let n = 0;
  const text = async (from: string) => {
    const { message } = await receiveInbound(ctx, { inboxId: mainLine, from, body: `Bench text ${n}`, media: [], carrierMessageId: `bench-${n++}` });
    return { committed: now(), topic: topicOf(message) };
  };

  // Warm-up: first statements and connections.
  await arrivals(new Set([(await text("+14155550900")).topic]));

  const single: number[] = [];
  for (let i = 0; i < TEXTS; i++) {
    const { committed, topic } = await text(`+1415557${String(1000 + i).padStart(4, "0")}`);
    for (const r of await arrivals(new Set([topic]))) single.push(r.at - committed);
  }

  const burst = await Promise.all(Array.from({ length: BURST }, (_, i) => text(`+1415556${String(1000 + i).padStart(4, "0")}`)));
  const burstPushes = await arrivals(new Set(burst.map((b) => b.topic)));
  const lastCommit = Math.max(...burst.map((b) => b.committed));
  const burstLast = Math.max(...burstPushes.map((r) => r.at)) - lastCommit;

  const keys = await vapidKeysFromDatabase(db, server.config.secretKey, defaultSubject(server.config.publicUrl));
  const target = await push.subscribe(keys.publicKey);
  const floor: number[] = [];
  for (let i = 0; i < TEXTS; i++) {
    const t0 = now();
    const topic = `floor${i}`;
    const outcome = await sendPush(keys, { endpoint: target.endpoint, p256dh: target.keys.p256dh, auth: target.keys.auth }, JSON.stringify({ i }), topic);
    if (outcome.type !== "sent") throw new Error(`floor push failed: ${JSON.stringify(outcome)}`);
    floor.push((await arrivalsOf(topic)) - t0);
  }
  const decrypted = (await push.messages(hashes[0])).length;
  async function arrivalsOf(topic: string) {
    for (;;) {
      const r = push.requests.find((x) => x.headers.topic === topic);
      if (r) return r.at;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  // The burst again, to the sink: the devices' subscriptions now point there (real keys: every push is encrypted).
  let sinkLast: number | null = null;
  if ("sinkUrl" in push) {
    await db.deleteFrom("pushSubscription").execute();
    for (let i = 0; i < DEVICES; i++) {
      const keys = { p256dh: crypto.createECDH("prime256v1").generateKeys().toString("base64url"), auth: crypto.randomBytes(16).toString("base64url") };
      await server.call("POST", "/v1/push/subscriptions", { token: tokens[i % 3], json: { endpoint: `${push.sinkUrl}/d${i}`, keys } });
    }
    const texts = await Promise.all(Array.from({ length: BURST }, (_, i) => text(`+1415558${String(1000 + i).padStart(4, "0")}`)));
    const topics = new Set(texts.map((t) => t.topic));
    const until = Date.now() + 20_000;
    while (push.sunk.filter((x) => topics.has(x.topic)).length < BURST * DEVICES && Date.now() < until) await new Promise((r) => setTimeout(r, 5));
    sinkLast = Math.max(...push.sunk.filter((x) => topics.has(x.topic)).map((x) => x.at)) - Math.max(...texts.map((t) => t.committed));
  }

  const where = process.env.SAME_PROCESS ? "in this process" : "in a child process";
  console.log(`push latency, ${DEVICES} devices on Main line, test push service ${where} (VAPID checked, payload decrypted: ${decrypted} on device 1)`);
  console.log(`  one text at a time: commit → push at the service: ${stats(single)}`);
  console.log(`  burst of ${BURST} texts at once (${BURST * DEVICES} pushes): last push ${burstLast.toFixed(1)} ms after the last commit`);
  if (sinkLast !== null) console.log(`  the same burst to a sink that accepts without checking: last push ${sinkLast.toFixed(1)} ms after the last commit`);
  console.log(`  floor (one web-push request straight to the service, start → arrival): ${stats(floor)}`);
  await server.close();
  await push.close();
}

if (process.env.PUSH_SERVICE_CHILD) {
  // The child: the push service, reporting each request's arrival to the parent.
  const service = await startTestPushService((request) => process.send!({ request }));
  // And a sink that takes any push at once without checking it: what our side alone can send.
  const sink = http.createServer((req, res) => {
    process.send!({ sunk: { topic: req.headers.topic, at: now() } });
    req.resume().on("end", () => res.writeHead(201).end());
  });
  await new Promise<void>((r) => sink.listen(0, "127.0.0.1", () => r()));
  process.send!({ url: service.url, sinkUrl: `http://127.0.0.1:${(sink.address() as AddressInfo).port}` });
  process.on("disconnect", () => void service.close().then(() => process.exit(0)));
} else {
  await main();
}
