// The benchmark's customers and agents, in a worker thread so that they run beside the server, not on its
// thread: STREAMS stream sockets signed in, and CONCURRENCY HTTP clients texting in through the simulator.
// Latency is measured from the start of each inbound request to its event on the last of the sockets.
import http from "node:http";
import { parentPort, workerData } from "node:worker_threads";
import WebSocket from "ws";

interface Job { url: string; tokens: string[]; inboxId: string; after: number; streams: number; concurrency: number; warmup: number; total: number; numbers: number }
const job = workerData as Job;
const agent = new http.Agent({ keepAlive: true, maxSockets: job.concurrency });
const MARK = "bench#";
// The mark sits past the 140 characters of a conversation preview, so each socket sees it once (in message.created).
const FILLER = "Hi! I ordered the walnut bookshelf last Tuesday and wanted to check whether it is ready for pickup yet, or if delivery is still planned. Thanks, ";

/** Per message: when it was sent and how many sockets have seen it yet. */
const inFlight = new Map<number, { sentAt: number; seen: number }>();
const latencies: number[] = [];
let measuring = false;

const MARK_BYTES = Buffer.from(MARK);
const HASH = 0x23; // "#", ends the mark's number
const ZERO = 0x30;

function onFrame(data: Buffer) {
  // Scan the frame's bytes for our marks instead of decoding or parsing it: the 200 sockets share one thread
  // (and the machine's two cores with the server), so the harness must cost as little as a real client fleet's
  // share of this machine would — i.e. nothing it can avoid.
  for (let i = data.indexOf(MARK_BYTES); i !== -1; i = data.indexOf(MARK_BYTES, i + MARK_BYTES.length)) {
    let n = 0;
    for (let j = i + MARK_BYTES.length; j < data.length && data[j] !== HASH; j++) n = n * 10 + data[j] - ZERO;
    const entry = inFlight.get(n);
    if (!entry) continue;
    if (++entry.seen === job.streams) {
      if (measuring) latencies.push(performance.now() - entry.sentAt);
      inFlight.delete(n);
    }
  }
}

async function connect(token: string): Promise<WebSocket> {
  const socket = new WebSocket(job.url.replace(/^http/, "ws") + "/v1/stream");
  await new Promise<void>((resolve, reject) => {
    socket.once("error", reject);
    socket.once("open", () => socket.send(JSON.stringify({ type: "auth", token, after: job.after })));
    socket.on("message", (data: Buffer) => {
      if (data.toString("latin1", 0, 20).startsWith('{"type":"ready"')) resolve();
      else onFrame(data);
    });
  });
  return socket;
}

function textIn(n: number): Promise<void> {
  const body = JSON.stringify({ inboxId: job.inboxId, from: `+1415555${String(2000 + (n % job.numbers)).padStart(4, "0")}`, body: `${FILLER}${MARK}${n}#` });
  return new Promise((resolve, reject) => {
    inFlight.set(n, { sentAt: performance.now(), seen: 0 });
    const req = http.request(job.url + "/v1/simulator/inbound", {
      method: "POST", agent, headers: { "content-type": "application/json", authorization: `Bearer ${job.tokens[0]}` },
    }, (res) => {
      res.resume();
      res.on("end", () => (res.statusCode === 201 ? resolve() : reject(new Error(`inbound answered ${res.statusCode}`))));
    });
    req.on("error", reject);
    req.end(body);
  });
}

async function drive(from: number, count: number) {
  let next = from;
  const end = from + count;
  await Promise.all(Array.from({ length: job.concurrency }, async () => {
    while (next < end) await textIn(next++);
  }));
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

const sockets: WebSocket[] = [];
for (let i = 0; i < job.streams; i += 20) {
  sockets.push(...(await Promise.all(Array.from({ length: Math.min(20, job.streams - i) }, (_, k) => connect(job.tokens[(i + k) % job.tokens.length])))));
}
await drive(0, job.warmup);
await new Promise((r) => setTimeout(r, 300));
measuring = true;
parentPort!.postMessage({ phase: "measuring" });
const started = performance.now();
await drive(job.warmup, job.total);
const elapsed = (performance.now() - started) / 1000;
parentPort!.postMessage({ phase: "sent" });
const deadline = Date.now() + 5000;
while (inFlight.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
const sorted = latencies.sort((a, b) => a - b);
parentPort!.postMessage({
  ingested: job.total, seconds: elapsed, rate: job.total / elapsed, complete: sorted.length, lost: inFlight.size,
  p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99), max: sorted[sorted.length - 1],
});
for (const s of sockets) s.close();
agent.destroy();
