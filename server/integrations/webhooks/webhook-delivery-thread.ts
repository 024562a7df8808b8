// Webhook deliveries are signed and sent on a thread of their own (webhook-post-thread.ts), so that their CPU
// (HMAC signing, building each request, reading each answer: ~200–440 µs a delivery, measured) runs on the
// machine's other core instead of the server's one thread beside ingest. The server's thread keeps the queue:
// it claims a batch, opens its secrets, hands the batch over, and settles what comes back. One thread per
// process, started at the first batch, shared by every server in it (tests start several), never keeping the
// process alive while idle.
//
// The thread is TypeScript like the rest of the server: it registers tsx's loader for itself before importing
// its entry, as the server's thread does through `tsx server/main.ts` (a worker does not inherit the loader).
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { postBatch, type OutgoingDelivery, type PostResult } from "./webhook-post";

const BOOT = `
const { workerData } = require("node:worker_threads");
import(workerData.tsx).then((tsx) => { tsx.register(); return import(workerData.entry); });
`;

interface DeliveryThread {
  worker: Worker;
  pending: Map<number, (results: PostResult[]) => void>;
  ready: boolean;
  started: Promise<void>;
}

let thread: DeliveryThread | null = null;
let batches = 0;
/** Set when the thread could not even start: deliveries are then sent on the server's thread, as before it existed. */
let unavailable = false;

function startThread(): DeliveryThread {
  const tsxDir = path.dirname(createRequire(import.meta.url).resolve("tsx/package.json"));
  const worker = new Worker(BOOT, {
    eval: true,
    workerData: { tsx: pathToFileURL(path.join(tsxDir, "dist/esm/api/index.mjs")).href, entry: new URL("./webhook-post-thread.ts", import.meta.url).href },
  });
  let started = () => {};
  const t: DeliveryThread = { worker, pending: new Map(), ready: false, started: new Promise((resolve) => (started = resolve)) };
  worker.unref();
  worker.on("message", (m: { ready?: true; batch?: number; results?: PostResult[] }) => {
    if (m.ready) {
      t.ready = true;
      started();
    }
    if (m.batch === undefined || !m.results) return;
    t.pending.get(m.batch)?.(m.results);
    t.pending.delete(m.batch);
    if (t.pending.size === 0) worker.unref();
  });
  // A thread that dies takes its batches with it: each is answered "none started", so the sender gives its
  // deliveries back at once and the next pass (on a new thread) sends them. One that was on the wire when the
  // thread died goes out again: at least once, as after a crash of the whole process.
  let gone = false;
  const lost = (why: unknown) => {
    if (gone) return;
    gone = true;
    if (thread === t) thread = null;
    if (!t.ready) {
      unavailable = true;
      console.error("The webhook delivery thread did not start; deliveries are sent on the server's thread:", why);
    } else console.error("The webhook delivery thread stopped; a new one starts with the next batch:", why);
    for (const answer of t.pending.values()) answer([]);
    t.pending.clear();
    started();
  };
  worker.on("error", lost);
  worker.on("exit", (code) => lost(`exit code ${code}`));
  return t;
}

/**
 * Starts the thread ahead of the first batch, once an endpoint exists: it takes ~0.5–3 s to load (tsx compiles its
 * files), and until it is ready batches go out on the server's thread rather than wait for it.
 */
export function warmDeliveryThread() {
  if (!unavailable) thread ??= startThread();
}

/** Resolves once the delivery thread has started (or could not). */
export function deliveryThreadStarted(): Promise<void> {
  warmDeliveryThread();
  return thread?.started ?? Promise.resolve();
}

/**
 * Sends a claimed batch, on the delivery thread once it is ready; the results of the ones started, in batch order.
 * `startBy` (wall-clock ms): no delivery starts after it but the first lane-full (webhook-post.ts).
 */
export function postOnDeliveryThread(deliveries: OutgoingDelivery[], allowLocal: boolean, startBy: number): Promise<PostResult[]> {
  if (deliveries.length === 0) return Promise.resolve([]);
  warmDeliveryThread();
  const t = thread;
  if (!t?.ready) return postBatch(deliveries, allowLocal, startBy);
  const batch = ++batches;
  return new Promise((resolve) => {
    t.pending.set(batch, resolve);
    // Referenced while a batch is out, so the answer is awaited even when nothing else holds the process open.
    t.worker.ref();
    t.worker.postMessage({ batch, deliveries, allowLocal, startBy });
  });
}
