// The analytics reads' CPU time, in-process (the wall time on this shared machine mostly measures waiting for a
// core): `npx tsx bench/analytics-cpu.ts [FILE]` on a database from bench/analytics-generate.ts. RUNS calls of
// the roll-up (30 days, every location) and of one location's 90 daily rows, as the owner; a one-row query is the floor.
import { openDatabase } from "../server/db/database";
import { breakdown, rollup } from "../server/analytics/analytics.service";
import type { AuthedUser } from "../server/auth/authenticate";
import type { ServerContext } from "../server/context";

const file = process.argv[2] ?? "/tmp/sidetext-analytics-bench-250000.db";
const RUNS = Number(process.env.RUNS ?? 10);
const database = await openDatabase(`sqlite:${file}`);
const ctx = { database } as unknown as ServerContext;
const inboxIds = (await database.db.selectFrom("inbox").select("id").execute()).map((r) => r.id);
const owner = { id: "usr_owner", email: "owner@bench.test", name: "Owner", role: "owner", inboxIds } as AuthedUser;

async function measure(name: string, work: () => Promise<unknown>) {
  for (let i = 0; i < 2; i++) await work();
  const cpu = process.cpuUsage();
  const t = performance.now();
  for (let i = 0; i < RUNS; i++) await work();
  const used = process.cpuUsage(cpu);
  console.log(`  ${name}: CPU ${((used.user + used.system) / 1000 / RUNS).toFixed(1)} ms · wall ${((performance.now() - t) / RUNS).toFixed(1)} ms a call`);
}
console.log(`${file}: ${inboxIds.length} inboxes`);
await measure("floor (one-row query)", () => database.db.selectFrom("user").selectAll().where("id", "=", "usr_owner").execute());
await measure("roll-up, 30 days × every location", () => rollup(ctx, owner, {}));
await measure("one location's 90 daily rows", () => breakdown(ctx, owner, { by: "day", locationId: "loc_b1" }));
await database.close();
