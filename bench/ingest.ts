// Server ingest benchmark (issue 2): `npx tsx bench/ingest.ts`. Simulated inbound messages go through the
// real HTTP API (POST /v1/simulator/inbound) from concurrent clients, are stored and evented in SQLite, and
// are pushed to STREAMS signed-in stream sockets. Two measured phases: a closed loop (CONCURRENCY clients as
// fast as the server answers: its maximum rate) and an open loop (messages due at RATE per second, as
// carriers' webhooks arrive: the latency at that rate). Prints rates, latency from inbound request to the event
// on all sockets, and the raw better-sqlite3 rate of the same rows for comparison.
import os from "node:os";
import { monitorEventLoopDelay, performance } from "node:perf_hooks";
import { Worker } from "node:worker_threads";
import { startServer, tempDbFile } from "../tests/support/server";
import { rawInsertRate } from "./raw-sqlite-ingest";

const STREAMS = Number(process.env.STREAMS ?? 200);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 32);
const TOTAL = Number(process.env.TOTAL ?? 10_000);
/** `raw` (default): stream clients scan the bytes they receive; `ws`: the ws library decodes every frame. */
/** The open-loop phase's arrival rate (messages/s, the target's); 0 skips it. */
const RATE = Number(process.env.RATE ?? 1500);
const CLIENTS = process.env.STREAM_CLIENTS === "ws" ? "ws" : "raw";
/** The server commits with synchronous=FULL (issue 12); SYNCHRONOUS=NORMAL measures what that costs. */
const SYNCHRONOUS = process.env.SYNCHRONOUS === "NORMAL" ? "NORMAL" : "FULL";
const NUMBERS = 2_000; // distinct customers: most messages continue a conversation, some start one

const raw = await rawInsertRate(tempDbFile(), TOTAL, NUMBERS, SYNCHRONOUS);

const server = await startServer({ tickMs: 1000, simulatorStepMs: 350 });
server.app.ctx.database.sqlite!.pragma(`synchronous = ${SYNCHRONOUS}`);
const tokens = await Promise.all(["admin", "alice", "bob"].map((who) => server.login(`${who}@demo.test`)));
const { db } = server.app.ctx.database;
const mainLine = (await db.selectFrom("inbox").select("id").where("name", "=", "Main line").executeTakeFirstOrThrow()).id;
const head = Number(
  (
    await db
      .selectFrom("event")
      .select((eb) => eb.fn.max("seq").as("seq"))
      .executeTakeFirstOrThrow()
  ).seq,
);

const worker = new Worker(new URL("./ingest-clients.mjs", import.meta.url), {
  workerData: {
    clients: CLIENTS,
    rate: RATE,
    url: server.url,
    tokens,
    inboxId: mainLine,
    after: head,
    streams: STREAMS,
    concurrency: CONCURRENCY,
    warmup: 1000,
    total: TOTAL,
    numbers: NUMBERS,
  },
});
interface Phase {
  rate: number;
  seconds: number;
  complete: number;
  lost: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}
// The server thread's own cost, from its event-loop utilisation over each measured phase: steadier than the
// rate on a shared, noisy machine, and what the rate would be if the server had a core to itself.
const busyMs: Record<string, number> = {};
let elu = performance.eventLoopUtilization();
// How long the server's event loop was held at a stretch (a request or a frame waits that long behind it).
const loopDelay = monitorEventLoopDelay({ resolution: 5 });
loopDelay.enable();
const result = await new Promise<{ closedLoop: Phase; openLoop: Phase | null; deliveries: number; expectedDeliveries: number }>((resolve, reject) => {
  worker.on("message", (m) => {
    if (m.phase === "start") elu = performance.eventLoopUtilization();
    else if (m.phase === "end") busyMs[m.name] = performance.eventLoopUtilization(elu).active;
    else resolve(m);
  });
  worker.once("error", reject);
});
await worker.terminate();
await server.close();

const ms = (v: number) => `${v.toFixed(1)} ms`;
const latency = (p: Phase) =>
  `p50 ${ms(p.p50)}, p95 ${ms(p.p95)}, p99 ${ms(p.p99)}, max ${ms(p.max)} (${p.complete} measured, ${p.lost} not seen by every socket)`;
const busy = (name: string, p: Phase) =>
  `server thread busy ${Math.round((busyMs[name] * 1000) / TOTAL)} µs per message, ${Math.round(busyMs[name] / 10 / p.seconds)} % of the time`;
const { closedLoop, openLoop } = result;
console.log(
  `machine: ${os.cpus().length} cores (${os.cpus()[0]?.model ?? "?"}), load average ${os.loadavg()[0].toFixed(1)}, node ${process.version}; ${STREAMS} stream sockets (${CLIENTS} clients); synchronous=${SYNCHRONOUS}`,
);
console.log(
  `closed loop, ${CONCURRENCY} clients: ${Math.round(closedLoop.rate)} messages/s (${TOTAL} in ${closedLoop.seconds.toFixed(2)} s); ${busy("closed", closedLoop)}: at most ${Math.round((TOTAL * 1000) / busyMs.closed)}/s with a core to itself`,
);
console.log(`  inbound request → event on all ${STREAMS} sockets: ${latency(closedLoop)}`);
if (openLoop) {
  console.log(
    `open loop at ${RATE}/s: ${Math.round(openLoop.rate)} messages/s answered (${TOTAL} in ${openLoop.seconds.toFixed(2)} s); ${busy("open", openLoop)}`,
  );
  console.log(`  due time → event on all ${STREAMS} sockets: ${latency(openLoop)}`);
}
console.log(
  `server event-loop delay over the whole run: p50 ${(loopDelay.percentile(50) / 1e6).toFixed(1)} ms, p99 ${(loopDelay.percentile(99) / 1e6).toFixed(1)} ms, max ${(loopDelay.max / 1e6).toFixed(1)} ms`,
);
console.log(
  `deliveries: ${result.deliveries} of ${result.expectedDeliveries} (every message once on every socket: ${result.deliveries === result.expectedDeliveries ? "yes" : "NO"})`,
);
console.log(`raw better-sqlite3, same rows, prepared statements: ${Math.round(raw)} messages/s`);
console.log(`ratio ingest / raw: ${(closedLoop.rate / raw).toFixed(2)} (closed loop)`);
