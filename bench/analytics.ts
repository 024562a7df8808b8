// Analytics read benchmark (issue 18): `npx tsx bench/analytics.ts`. For each size in SIZES (messages), a
// database of LOCATIONS locations and DAYS days of history (bench/analytics-generate.ts: real rows, real feed,
// rollups rebuilt by the consumer), then the real server on it: the roll-up page's API (30 days, every
// location) and one location's drill-down (90 daily rows + the period's summary + agents), RUNS times each,
// p50/p95, beside the floor of the same run (GET /v1/me: auth and JSON, no analytics). FILE=… SIZES=n measures a
// database generated before (bench/analytics-generate.ts FILE) instead of generating one.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { startServer } from "../tests/support/server";
import { generate } from "./analytics-generate";

const SIZES = (process.env.SIZES ?? "250000,1000000").split(",").map(Number);
const LOCATIONS = Number(process.env.LOCATIONS ?? 100);
const DAYS = Number(process.env.DAYS ?? 90);
const RUNS = Number(process.env.RUNS ?? 30);

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))];
const fmt = (xs: number[]) => `p50 ${pct(xs, 50).toFixed(1)} ms · p95 ${pct(xs, 95).toFixed(1)} ms`;

for (const size of SIZES) {
  const file = process.env.FILE ?? path.join(os.tmpdir(), `sidetext-analytics-bench-${size}.db`);
  if (process.env.FILE && fs.existsSync(file)) console.log(`\n${file} as generated before (FILE): ${LOCATIONS} locations`);
  else {
    console.log(`\n${size.toLocaleString()} messages, ${LOCATIONS} locations, ${DAYS} days: generating…`);
    const g = await generate(file, { locations: LOCATIONS, messages: size, days: DAYS, log: () => {} });
    console.log(
      `  generated ${g.messages.toLocaleString()} messages / ${g.events.toLocaleString()} events in ${g.generatedS.toFixed(0)} s; rollups rebuilt from the feed in ${g.rebuildS.toFixed(1)} s (${g.rebuildEventsPerS.toLocaleString()} events/s)`,
    );
  }
  const server = await startServer({ seed: "none", databaseUrl: `sqlite:${file}` });
  const token = await server.login("owner@bench.test", "bench-password");
  const timed = async (url: string) => {
    const t = performance.now();
    const res = await fetch(server.url + url, { headers: { authorization: `Bearer ${token}` } });
    if (res.status !== 200) throw new Error(`${url}: ${res.status} ${await res.text()}`);
    await res.arrayBuffer();
    return performance.now() - t;
  };
  const DAY = 86_400_000;
  const day = (ago: number) => new Date(Date.now() - ago * DAY).toISOString().slice(0, 10);
  const floor: number[] = [];
  const rollup: number[] = [];
  const drill: number[] = [];
  for (let i = 0; i < 3; i++) await timed("/v1/analytics/rollup"); // warm: statement cache, JIT
  for (let i = 0; i < RUNS; i++) {
    floor.push(await timed("/v1/me"));
    rollup.push(await timed(`/v1/analytics/rollup?from=${day(29)}&to=${day(0)}`));
    const loc = `loc_b${i % LOCATIONS}`;
    const t = performance.now();
    await Promise.all([
      timed(`/v1/analytics/breakdown?by=day&locationId=${loc}&from=${day(89)}&to=${day(0)}`),
      timed(`/v1/analytics/breakdown?by=location&locationId=${loc}&from=${day(29)}&to=${day(0)}`),
      timed(`/v1/analytics/breakdown?by=agent&locationId=${loc}&from=${day(29)}&to=${day(0)}`),
    ]);
    drill.push(performance.now() - t);
  }
  const rows = Number((server.app.ctx.database.sqlite!.prepare(`SELECT count(*) AS n FROM analyticsDaily`).get() as { n: number }).n);
  console.log(`  rollup rows (day × inbox × agent, plus all-agents rows): ${rows.toLocaleString()}`);
  console.log(`  floor  GET /v1/me                                   ${fmt(floor)}`);
  console.log(`  roll-up page API (30 days × ${LOCATIONS} locations, trends)   ${fmt(rollup)}   (target ≤ 200 ms)`);
  console.log(`  location drill-down API (90-day series + summary + agents) ${fmt(drill)}   (target ≤ 300 ms)`);
  await server.close();
}
