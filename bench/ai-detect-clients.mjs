// The customers of bench/ai-detect-ingest.ts, in a worker thread: CONCURRENCY loops posting inbound texts to the
// simulator's endpoint as fast as the server answers, until TOTAL were accepted.
import { parentPort, workerData } from "node:worker_threads";

const { url, token, inboxId, texts, total, concurrency, numbers } = workerData;
let next = 0;
let failed = 0;
const started = performance.now();
async function customer() {
  while (next < total) {
    const i = next++;
    const res = await fetch(`${url}/v1/simulator/inbound`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ inboxId, from: `+1628${String(5_000_000 + (i % numbers)).padStart(7, "0")}`, body: texts[i % texts.length] }),
    });
    if (res.status !== 201) failed++;
    await res.arrayBuffer();
  }
}
await Promise.all(Array.from({ length: concurrency }, customer));
parentPort.postMessage({ seconds: (performance.now() - started) / 1000, failed });
