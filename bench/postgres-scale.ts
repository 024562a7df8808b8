// PostgreSQL scale-out benchmark (issues 7 and 14): `SIDETEXT_PG_DURABLE=1 scripts/postgres-test.sh npx tsx
// bench/postgres-scale.ts`, or with SIDETEXT_TEST_POSTGRES_URL pointing at a server where databases may be
// created. For 1, 2 and 3 server instances (separate processes, as behind a load balancer) on one fresh
// database: CONCURRENCY HTTP clients text in through POST /v1/simulator/inbound, spread over the instances
// (closed loop: the ingest rate); then texts due at OPEN_RATE/s (open loop: the latency from a text's due
// time to its message.created event on a stream socket of ANOTHER instance; with one instance, its own).
// Meanwhile the sequencer's backlog (events committed without a position yet) is sampled every 10 ms.
// Last, the same closed loop on one instance with SQLite, for comparison. The parts: bench/postgres-scale/.
import os from "node:os";
import pg from "pg";
import { CONCURRENCY, INSTANCE_COUNTS, NUMBERS, OPEN_RATE, OPEN_TOTAL, run, SOCKETS, TOTAL, WARMUP } from "./postgres-scale/run";

const ms = (v: number) => `${v.toFixed(0)} ms`;
console.log(`machine: ${os.cpus().length} cores (${os.cpus()[0]?.model ?? "?"}), load average ${os.loadavg()[0].toFixed(1)}, node ${process.version}`);
const settings = await (async () => {
  const client = new pg.Client({ connectionString: process.env.SIDETEXT_TEST_POSTGRES_URL });
  await client.connect();
  const { rows } = await client.query(`select version() as v, current_setting('fsync') as fsync, current_setting('synchronous_commit') as sc`);
  await client.end();
  return `${String(rows[0].v).split(" ").slice(0, 2).join(" ")}, fsync=${rows[0].fsync}, synchronous_commit=${rows[0].sc}`;
})();
console.log(
  `${settings}; ${CONCURRENCY} concurrent HTTP clients and ${SOCKETS} stream sockets (spread over the instances), ${TOTAL} measured inbound texts after ${WARMUP} warm-up, ${NUMBERS} customer numbers; open loop ${OPEN_TOTAL} texts at ${OPEN_RATE}/s`,
);
const rates: number[] = [];
for (const n of INSTANCE_COUNTS) {
  const r = await run(n);
  rates.push(r.rate);
  console.log(
    `${n} instance${n > 1 ? "s" : ""}: ${Math.round(r.rate)} messages/s (closed loop; request → event p50 ${ms(r.p50)}, p99 ${ms(r.p99)}; ${r.lost} not seen); load ${os.loadavg()[0].toFixed(1)}`,
  );
  console.log(
    `  CPU per message (closed loop): servers ${r.cpu.servers.toFixed(2)} ms, PostgreSQL ${r.cpu.postgres.toFixed(2)} ms (its backlog sampler's backend apart: ${r.cpu.sampler.toFixed(2)} ms), load generator ${r.cpu.bench.toFixed(2)} ms; two idle cores would carry about ${Math.round(2000 / (r.cpu.servers + r.cpu.postgres))}/s before the load generator's share, ${Math.round(2000 / (r.cpu.servers + r.cpu.postgres + r.cpu.bench))}/s with it`,
  );
  if (r.topStatements) console.log(`  statements per text (pg_stat_statements, closed loop):\n${r.topStatements}`);
  if (r.open)
    console.log(
      `  open loop at ${OPEN_RATE}/s (achieved ${Math.round(r.open.achieved)}/s): due → event on ${n > 1 ? "another instance's" : "the"} socket p50 ${ms(r.open.p50)}, p99 ${ms(r.open.p99)}, max ${ms(r.open.max)}; ${r.open.lost} not seen`,
    );
  if (r.queue)
    console.log(
      `  sequencer backlog: oldest unnumbered event p50 ${ms(r.queue.p50Age)}, p99 ${ms(r.queue.p99Age)}, max ${ms(r.queue.maxAge)}; events waiting p99 ${r.queue.p99Count}, max ${r.queue.maxCount} (${r.queue.samples} samples)`,
    );
}
if (rates.length > 1)
  console.log(
    `floor: every instance count ≥ the 1-instance rate ${Math.round(rates[0])}/s: ${rates.every((r) => r >= rates[0]) ? "yes" : "NO"} (${rates.map(Math.round).join(" / ")})`,
  );
if (process.env.SQLITE !== "off") {
  const r = await run(1, "sqlite");
  console.log(
    `SQLite, 1 instance: ${Math.round(r.rate)} messages/s (closed loop; request → event p50 ${ms(r.p50)}, p99 ${ms(r.p99)}; ${r.lost} not seen); load ${os.loadavg()[0].toFixed(1)}; server CPU per message ${r.cpu.servers.toFixed(2)} ms, load generator ${r.cpu.bench.toFixed(2)} ms`,
  );
}
