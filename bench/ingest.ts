// Server ingest benchmark (issue 2): `npx tsx bench/ingest.ts`. Simulated inbound messages go through the
// real HTTP API (POST /v1/simulator/inbound) from concurrent clients, are stored and evented in SQLite, and
// are pushed to STREAMS signed-in stream sockets. Prints the ingest rate, the latency from inbound request
// to the event on all sockets, and the raw better-sqlite3 rate of the same rows for comparison.
import os from "node:os";
import { performance } from "node:perf_hooks";
import { Worker } from "node:worker_threads";
import { startServer, tempDbFile } from "../tests/support/server";
import { rawInsertRate } from "./raw-sqlite-ingest";

const STREAMS = Number(process.env.STREAMS ?? 200);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 32);
const TOTAL = Number(process.env.TOTAL ?? 10_000);
/** `raw` (default): stream clients scan the bytes they receive; `ws`: the ws library decodes every frame. */
const CLIENTS = process.env.STREAM_CLIENTS === "ws" ? "ws" : "raw";
const NUMBERS = 2_000; // distinct customers: most messages continue a conversation, some start one

const raw = await rawInsertRate(tempDbFile(), TOTAL, NUMBERS);

const server = await startServer({ tickMs: 1000, simulatorStepMs: 350 });
const tokens = await Promise.all(["admin", "alice", "bob"].map((who) => server.login(`${who}@demo.test`)));
const { db } = server.app.ctx.database;
const mainLine = (await db.selectFrom("inbox").select("id").where("name", "=", "Main line").executeTakeFirstOrThrow()).id;
const head = Number((await db.selectFrom("event").select((eb) => eb.fn.max("seq").as("seq")).executeTakeFirstOrThrow()).seq);

const worker = new Worker(new URL("./ingest-clients.mjs", import.meta.url), {
  workerData: { clients: CLIENTS, url: server.url, tokens, inboxId: mainLine, after: head, streams: STREAMS, concurrency: CONCURRENCY, warmup: 1000, total: TOTAL, numbers: NUMBERS },
});
// The server thread's own cost per message, from its event-loop utilisation over the measured phase: steadier
// than the rate on a shared, noisy machine, and what the rate would be if the server had a core to itself.
let elu = performance.eventLoopUtilization();
let busyMs = 0;
const result = await new Promise<{ rate: number; p50: number; p95: number; p99: number; max: number; complete: number; lost: number; seconds: number; deliveries: number; expectedDeliveries: number }>((resolve, reject) => {
  worker.on("message", (m) => {
    if (m.phase === "measuring") elu = performance.eventLoopUtilization();
    else if (m.phase === "sent") busyMs = performance.eventLoopUtilization(elu).active;
    else resolve(m);
  });
  worker.once("error", reject);
});
await worker.terminate();
await server.close();

const ms = (v: number) => `${v.toFixed(1)} ms`;
console.log(`machine: ${os.cpus().length} cores (${os.cpus()[0]?.model ?? "?"}), load average ${os.loadavg()[0].toFixed(1)}, node ${process.version}`);
console.log(`ingest through HTTP, ${CONCURRENCY} concurrent clients, ${STREAMS} stream sockets (${CLIENTS} clients): ${Math.round(result.rate)} messages/s (${TOTAL} in ${result.seconds.toFixed(2)} s)`);
console.log(`inbound request → event on all ${STREAMS} sockets: p50 ${ms(result.p50)}, p95 ${ms(result.p95)}, p99 ${ms(result.p99)}, max ${ms(result.max)} (${result.complete} measured, ${result.lost} not seen by every socket)`);
console.log(`deliveries: ${result.deliveries} of ${result.expectedDeliveries} (every message once on every socket: ${result.deliveries === result.expectedDeliveries ? "yes" : "NO"})`);
console.log(`server thread busy ${Math.round((busyMs * 1000) / TOTAL)} µs per message (${Math.round(busyMs / 10 / result.seconds)} % of the measured phase): at most ${Math.round((TOTAL * 1000) / busyMs)} messages/s with a core to itself`);
console.log(`raw better-sqlite3, same rows, prepared statements: ${Math.round(raw)} messages/s`);
console.log(`ratio ingest / raw: ${(result.rate / raw).toFixed(2)}`);
