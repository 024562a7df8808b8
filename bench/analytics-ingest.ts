// What the analytics consumer costs the ingest (issue 18): `npx tsx bench/analytics-ingest.ts`. Simulated
// inbound texts through the real HTTP API at RATE/s (open loop, TOTAL of them) into SQLite, first with the
// consumer off (SIDETEXT_ANALYTICS=off: the floor), then on. Prints each run's ingest rate and the process's
// CPU time per 1,000 texts, the consumer's own time to fold the floor run's feed into the rollups (its cost as
// a share of that run's CPU), and with the consumer on, how far the rollups lag behind the feed at the end.
import { startServer } from "../tests/support/server";
import { catchUp } from "../server/analytics/consumer";
import { headSeq } from "../server/events/events.repository";

const RATE = Number(process.env.RATE ?? 1000);
const TOTAL = Number(process.env.TOTAL ?? 5000);
const CONCURRENCY = 64;

async function run(analytics: boolean) {
  process.env.SIDETEXT_ANALYTICS = analytics ? "on" : "off";
  const server = await startServer({ tickMs: 1000, simulatorStepMs: 350 });
  const ctx = server.app.ctx;
  await catchUp(ctx); // the demo seed's history, before the clock starts
  const token = await server.login("admin@demo.test");
  const mainLine = (await ctx.database.db.selectFrom("inbox").select("id").where("name", "=", "Main line").executeTakeFirstOrThrow()).id;
  const cpu0 = process.cpuUsage();
  const started = Date.now();
  let next = 0;
  const client = async () => {
    for (;;) {
      const i = next++;
      if (i >= TOTAL) return;
      const due = started + (i * 1000) / RATE;
      if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
      await fetch(`${server.url}/v1/simulator/inbound`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify({ inboxId: mainLine, from: `+1415555${String(1000 + (i % 3000)).padStart(4, "0")}`, body: `Bench ${i}` }),
      });
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, client));
  const seconds = (Date.now() - started) / 1000;
  const used = process.cpuUsage(cpu0);
  const cpuMs = (used.user + used.system) / 1000;
  const { db } = ctx.database;
  const head = await headSeq(db);
  const cursor = async () =>
    Number(
      (
        (await db
          .selectFrom("analyticsCursor" as never)
          .select("position" as never)
          .executeTakeFirstOrThrow()) as { position: number }
      ).position,
    );
  const behind = head - (await cursor());
  let consumeMs = 0;
  let consumed = 0;
  if (!analytics) {
    const c = process.cpuUsage();
    consumed = await catchUp(ctx);
    const u = process.cpuUsage(c);
    consumeMs = (u.user + u.system) / 1000;
  }
  await server.close();
  return { rate: TOTAL / seconds, cpuPer1000: (cpuMs / TOTAL) * 1000, cpuMs, behind, consumeMs, consumed };
}

const floor = await run(false);
const on = await run(true);
console.log(`inbound texts: ${TOTAL} at ${RATE}/s offered, through POST /v1/simulator/inbound (SQLite, synchronous=FULL)`);
console.log(`  floor (consumer off): ${floor.rate.toFixed(0)} texts/s, process CPU ${floor.cpuPer1000.toFixed(0)} ms per 1,000 texts`);
console.log(
  `  consumer on:          ${on.rate.toFixed(0)} texts/s, process CPU ${on.cpuPer1000.toFixed(0)} ms per 1,000 texts; rollups ${on.behind} events behind the feed when the last text was answered`,
);
console.log(
  `  the consumer folding the floor run's ${floor.consumed} events: ${floor.consumeMs.toFixed(0)} ms CPU = ${((floor.consumeMs / floor.cpuMs) * 100).toFixed(1)} % of that run's ingest CPU (${((floor.consumeMs / TOTAL) * 1000).toFixed(0)} ms per 1,000 texts)`,
);
console.log(`  ingest rate with the consumer on vs off: ${(((on.rate - floor.rate) / floor.rate) * 100).toFixed(1)} %`);
