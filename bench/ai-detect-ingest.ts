// Language detection inside the running server while it ingests (issue 19: ≤ 1 ms p99 per inbound):
// `npx tsx bench/ai-detect-ingest.ts`. A real server (tests/support/server, SQLite file) takes TOTAL inbound texts
// (the 80 SMS of tests/unit/ai-language-texts.ts in 10 languages, in turn) from CONCURRENCY customers in a worker
// thread through POST /v1/simulator/inbound; the server's language recorder (server/ai/record-language.ts) times
// each real detectLanguage call with performance.now() and, in the same loop, the same timer around an empty
// function (the floor), published on the diagnostics channel "sidetext:ai.detect". Prints p50/p99/max of both,
// the same for the calls during which the kernel did not take the server thread off the CPU, the share over
// 1 ms (and how many of those overlapped a GC), the server's event-loop delay and the load average.
import diagnostics from "node:diagnostics_channel";
import fs from "node:fs";
import os from "node:os";
import { PerformanceObserver, monitorEventLoopDelay } from "node:perf_hooks";
import { Worker } from "node:worker_threads";
import { startServer } from "../tests/support/server";
import { smsTexts } from "../tests/unit/ai-language-texts";

const TOTAL = Number(process.env.TOTAL ?? 6000);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 16);

const detect: number[] = [];
const floor: number[] = [];
const slow: Array<{ at: number; ms: number }> = [];
// Whether the server thread was taken off the CPU during a detection: the kernel counts each time a thread is
// put (back) on a CPU (/proc/thread-self/schedstat, third field), read just before and just after each call.
const runs = () => Number(fs.readFileSync("/proc/thread-self/schedstat", "utf8").split(" ")[2]);
const undisturbed: number[] = [];
let runsAtStart = 0;
diagnostics.subscribe("sidetext:ai.detect", (m) => {
  const t = m as { phase: "start" } | { phase: "end"; at: number; ms: number; floorMs: number };
  if (t.phase === "start") {
    runsAtStart = runs();
    return;
  }
  detect.push(t.ms);
  floor.push(t.floorMs);
  if (runs() === runsAtStart) undisturbed.push(t.ms);
  if (t.ms > 1) slow.push(t);
});
// Garbage collections, to tell how many slow detections were a GC pause rather than the detector (or the scheduler).
const gcs: Array<{ start: number; end: number }> = [];
const gcObserver = new PerformanceObserver((list) => {
  for (const e of list.getEntries()) gcs.push({ start: e.startTime, end: e.startTime + e.duration });
});
gcObserver.observe({ entryTypes: ["gc"] });

const server = await startServer();
const token = await server.login("alice@demo.test");
const { db } = server.app.ctx.database;
const mainLine = (await db.selectFrom("inbox").select("id").where("name", "=", "Main line").executeTakeFirstOrThrow()).id;
const texts = Object.values(smsTexts).flat();
const loadBefore = os.loadavg()[0];
const loopDelay = monitorEventLoopDelay({ resolution: 5 });
loopDelay.enable();
const worker = new Worker(new URL("./ai-detect-clients.mjs", import.meta.url), {
  workerData: { url: server.url, token, inboxId: mainLine, texts, total: TOTAL, concurrency: CONCURRENCY, numbers: 2000 },
});
const clients = await new Promise<{ seconds: number; failed: number }>((resolve, reject) => {
  worker.once("message", resolve);
  worker.once("error", reject);
});
await worker.terminate();
// The recorder writes every 200 ms: wait until it has seen every text.
const deadline = Date.now() + 30_000;
while (detect.length < TOTAL - clients.failed && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
loopDelay.disable();
gcObserver.disconnect();
await server.close();

const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
const pct = (xs: number[], p: number) => xs[Math.min(xs.length - 1, Math.floor(xs.length * p))] ?? Number.NaN;
const show = (name: string, xs: number[]) =>
  `${name.padEnd(22)} p50 ${pct(xs, 0.5).toFixed(4)} ms  p99 ${pct(xs, 0.99).toFixed(4)} ms  p99.9 ${pct(xs, 0.999).toFixed(4)} ms  max ${(xs.at(-1) ?? 0).toFixed(3)} ms`;
const d = sorted(detect);
const u = sorted(undisturbed);
const f = sorted(floor);
console.log(`machine: ${os.cpus().length} cores, load average ${loadBefore.toFixed(1)} before / ${os.loadavg()[0].toFixed(1)} after, node ${process.version}`);
console.log(
  `ingest: ${TOTAL} inbound texts from ${CONCURRENCY} customers in ${clients.seconds.toFixed(1)} s (${Math.round(TOTAL / clients.seconds)}/s), ${clients.failed} refused; ${d.length} detections timed in the server`,
);
console.log(show("floor (empty function)", f));
console.log(show("detectLanguage", d));
console.log(show("  not taken off CPU", u));
console.log(
  `  ${d.length - u.length} of ${d.length} detections (${((100 * (d.length - u.length)) / d.length).toFixed(1)} %) had the thread taken off the CPU and put back meanwhile`,
);
console.log(
  `over 1 ms: ${d.filter((x) => x > 1).length} of ${d.length} (${((100 * d.filter((x) => x > 1).length) / d.length).toFixed(2)} %)  (target: p99 ≤ 1 ms)`,
);
const duringGc = slow.filter((s) => gcs.some((g) => g.start < s.at + s.ms && g.end > s.at)).length;
console.log(`  of which ${duringGc} overlapped a garbage collection (${gcs.length} GCs in the run); the rest: the detector or the scheduler`);
console.log(
  `server event-loop delay over the run: p50 ${(loopDelay.percentile(50) / 1e6).toFixed(1)} ms, p99 ${(loopDelay.percentile(99) / 1e6).toFixed(1)} ms, max ${(loopDelay.max / 1e6).toFixed(1)} ms`,
);
