// The benchmark's customers and agents, in a worker thread so that they run beside the server, not on its
// thread: STREAMS stream sockets signed in, and CONCURRENCY HTTP clients texting in through the simulator.
// Latency is measured from the start of each inbound request to its event on the last of the sockets.
import { randomBytes } from "node:crypto";
import http from "node:http";
import { parentPort, workerData } from "node:worker_threads";
import WebSocket from "ws";

interface Job {
  clients: "raw" | "ws";
  rate: number;
  url: string;
  tokens: string[];
  inboxId: string;
  after: number;
  streams: number;
  concurrency: number;
  warmup: number;
  total: number;
  numbers: number;
}
const job = workerData as Job;
// The closed loop uses `concurrency` connections; an open loop as many as its backlog needs, up to 256.
const agent = new http.Agent({ keepAlive: true, maxSockets: Math.max(job.concurrency, 256) });
const MARK = "bench#";
// The mark sits past the 140 characters of a conversation preview, so each socket sees it once (in message.created).
const FILLER =
  "Hi! I ordered the walnut bookshelf last Tuesday and wanted to check whether it is ready for pickup yet, or if delivery is still planned. Thanks, ";

/** Per message: when it was sent and how many sockets have seen it yet. */
const inFlight = new Map<number, { sentAt: number; seen: number }>();
const latencies: number[] = [];
let measuring = false;
/** Every mark seen on every socket: exactly STREAMS × messages when each socket got each message once. */
let marksSeen = 0;

const MARK_BYTES = Buffer.from(MARK);
const HASH = 0x23; // "#", ends the mark's number
const ZERO = 0x30;
const READY = Buffer.from('{"type":"ready"');

/**
 * Counts the marks in the bytes a socket received. The server's frames are unmasked and never fragmented, so
 * each event's JSON arrives verbatim in the TCP stream: the bytes are scanned as they come, with no WebSocket
 * parsing, decoding or copying — 200 real clients would each have a machine of their own, and here they share
 * the server's two cores, so the harness must cost as little as it can. Only complete marks are counted; with
 * `splitAt`, only those that start before it and end after it (a mark split across two reads).
 */
function countMarks(data: Buffer, splitAt = -1) {
  for (let i = data.indexOf(MARK_BYTES); i !== -1; i = data.indexOf(MARK_BYTES, i + MARK_BYTES.length)) {
    let n = 0;
    let j = i + MARK_BYTES.length;
    for (; j < data.length && data[j] !== HASH; j++) n = n * 10 + data[j] - ZERO;
    if (j >= data.length) continue; // incomplete: counted with the next read
    if (splitAt >= 0 && (i >= splitAt || j < splitAt)) continue; // not split: counted within one read
    marksSeen++;
    const entry = inFlight.get(n);
    if (!entry) continue;
    if (++entry.seen === job.streams) {
      if (measuring) latencies.push(performance.now() - entry.sentAt);
      inFlight.delete(n);
    }
  }
}

/** One client text frame (masked, as RFC 6455 requires of clients). */
function clientFrame(text: string): Buffer {
  const payload = Buffer.from(text);
  const mask = randomBytes(4);
  const header =
    payload.length < 126 ? Buffer.from([0x81, 0x80 | payload.length]) : Buffer.from([0x81, 0x80 | 126, payload.length >> 8, payload.length & 0xff]);
  for (let i = 0; i < payload.length; i++) payload[i] ^= mask[i % 4];
  return Buffer.concat([header, mask, payload]);
}

/** A stream socket signed in and past its (empty) replay: the WebSocket handshake by hand, then raw bytes. */
function connectRaw(token: string): Promise<{ close(): void }> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${job.url}/v1/stream`, {
      headers: { Connection: "Upgrade", Upgrade: "websocket", "Sec-WebSocket-Version": "13", "Sec-WebSocket-Key": randomBytes(16).toString("base64") },
    });
    req.once("error", reject);
    req.once("response", (res) => reject(new Error(`stream answered ${res.statusCode}, not an upgrade`)));
    req.once("upgrade", (_res, socket, head) => {
      socket.setNoDelay(true);
      socket.write(clientFrame(JSON.stringify({ type: "auth", token, after: job.after })));
      let ready = false;
      let carry: Buffer = head; // the last bytes received, longer than any mark
      socket.on("data", (chunk: Buffer) => {
        if (!ready) {
          ready = Buffer.concat([carry, chunk]).includes(READY);
          if (ready) resolve({ close: () => socket.destroy() });
        } else {
          // No copy of the (large) read: its own marks are counted in place, split ones on a few joined bytes.
          if (carry.length) countMarks(Buffer.concat([carry, chunk.subarray(0, 24)]), carry.length);
          countMarks(chunk);
        }
        carry = chunk.length >= 24 ? chunk.subarray(chunk.length - 24) : Buffer.concat([carry, chunk]).subarray(-24);
      });
    });
    req.end();
  });
}

/** The same with the `ws` library decoding every frame (STREAM_CLIENTS=ws): what the harness cost before. */
function connectWs(token: string): Promise<{ close(): void }> {
  const socket = new WebSocket(`${job.url.replace(/^http/, "ws")}/v1/stream`);
  return new Promise((resolve, reject) => {
    socket.once("error", reject);
    socket.once("open", () => socket.send(JSON.stringify({ type: "auth", token, after: job.after })));
    socket.on("message", (data: Buffer) => {
      if (data.subarray(0, READY.length).equals(READY)) resolve({ close: () => socket.close() });
      else countMarks(data);
    });
  });
}

const connect = job.clients === "ws" ? connectWs : connectRaw;

/** Sends message n; its latency counts from `sentAt` (an open-loop run passes the time it was due). */
function textIn(n: number, sentAt = performance.now()): Promise<void> {
  const body = JSON.stringify({ inboxId: job.inboxId, from: `+1415555${String(2000 + (n % job.numbers)).padStart(4, "0")}`, body: `${FILLER}${MARK}${n}#` });
  return new Promise((resolve, reject) => {
    inFlight.set(n, { sentAt, seen: 0 });
    const req = http.request(
      `${job.url}/v1/simulator/inbound`,
      {
        method: "POST",
        agent,
        headers: { "content-type": "application/json", authorization: `Bearer ${job.tokens[0]}` },
      },
      (res) => {
        res.resume();
        res.on("end", () => (res.statusCode === 201 ? resolve() : reject(new Error(`inbound answered ${res.statusCode}`))));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

/** Closed loop: `concurrency` clients, each sending its next message when the last one was answered. */
async function drive(from: number, count: number) {
  let next = from;
  const end = from + count;
  await Promise.all(
    Array.from({ length: job.concurrency }, async () => {
      while (next < end) await textIn(next++);
    }),
  );
}

/**
 * Open loop: messages are due at a fixed rate whatever the server's answers, as carriers' webhooks arrive.
 * Latency counts from when each message was due, so a server falling behind shows in it (no coordinated
 * omission); messages due while all sockets of the agent are busy wait in its queue, and that counts too.
 */
async function driveAtRate(from: number, count: number, perSecond: number) {
  const started = performance.now();
  const answers: Array<Promise<void>> = [];
  for (let i = 0; i < count; ) {
    const due = Math.min(count, Math.floor(((performance.now() - started) / 1000) * perSecond) + 1);
    for (; i < due; i++) answers.push(textIn(from + i, started + (i * 1000) / perSecond));
    await new Promise((r) => setTimeout(r, 1));
  }
  await Promise.all(answers);
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

const sockets: Array<{ close(): void }> = [];
for (let i = 0; i < job.streams; i += 20) {
  sockets.push(...(await Promise.all(Array.from({ length: Math.min(20, job.streams - i) }, (_, k) => connect(job.tokens[(i + k) % job.tokens.length])))));
}
interface PhaseResult {
  rate: number;
  seconds: number;
  complete: number;
  lost: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** Runs one measured phase and waits (up to 5 s) for its last messages to reach every socket. */
async function measure(name: string, run: () => Promise<void>): Promise<PhaseResult> {
  // What came before has reached every socket: its latencies are not counted in this phase.
  while (inFlight.size > 0) await new Promise((r) => setTimeout(r, 5));
  latencies.length = 0;
  measuring = true;
  parentPort!.postMessage({ phase: "start", name });
  const started = performance.now();
  await run();
  const seconds = (performance.now() - started) / 1000;
  parentPort!.postMessage({ phase: "end", name });
  const deadline = Date.now() + 5000;
  while (inFlight.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  measuring = false;
  const lost = inFlight.size;
  inFlight.clear();
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    rate: job.total / seconds,
    seconds,
    complete: sorted.length,
    lost,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1],
  };
}

await drive(0, job.warmup);
await new Promise((r) => setTimeout(r, 300));
const closedLoop = await measure("closed", () => drive(job.warmup, job.total));
await new Promise((r) => setTimeout(r, 300));
// The open loop warms up at its own rate first: the connections it needs are opened before it is measured.
if (job.rate > 0) await driveAtRate(job.warmup + job.total, job.warmup, job.rate);
const openLoop = job.rate > 0 ? await measure("open", () => driveAtRate(2 * job.warmup + job.total, job.total, job.rate)) : null;
const sent = job.warmup + job.total + (openLoop ? job.warmup + job.total : 0);
parentPort!.postMessage({ closedLoop, openLoop, deliveries: marksSeen, expectedDeliveries: job.streams * sent });
for (const s of sockets) s.close();
agent.destroy();
