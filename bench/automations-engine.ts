// The rule engine's own cost per text (issue 17's ≤ 10 %), measured where a loaded machine distorts it least:
// `npx tsx bench/automations-engine.ts`. TOTAL simulated texts are ingested through the real HTTP API (customers
// in a child process) with the engine held back (its cursor parked past the feed), then the engine reads the
// backlog; the server process's CPU time is taken for each phase. Run with no rule on (the floor) and with the
// benchmark's 20 rules, in PAIRS, back to back: rules' cost = engine CPU with rules − without, per text, as a
// share of the floor's whole time per text (ingest + its engine pass). A server runs warm: WARMUP passes (default 1,
// with and without rules, a third of TOTAL each) come first and are printed, not counted, so the pairs measure the
// engine's code after the JIT has compiled it, as it runs a minute after a server starts.
import { fork } from "node:child_process";
import { loadavg } from "node:os";
import { automationCursor, moveAutomationCursor } from "../server/automations/automations.repository";
import { feedHead } from "../server/push/push-jobs.repository";
import { startServer } from "../tests/support/server";
import { benchRules } from "./automations-rules";

const RATE = Number(process.env.RATE ?? 1000);
const TOTAL = Number(process.env.TOTAL ?? 3000);
const NUMBERS = Number(process.env.NUMBERS ?? 600);
const PARKED = 1e12;
const cpuMs = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
};

async function run(rules: boolean, total = TOTAL) {
  const server = await startServer({ tickMs: 1000, simulatorStepMs: 350 });
  const token = await server.login("admin@demo.test");
  const { db } = server.app.ctx.database;
  const inbox = async (name: string) => (await db.selectFrom("inbox").select("id").where("name", "=", name).executeTakeFirstOrThrow()).id;
  const mainLine = await inbox("Main line");
  if (rules)
    for (const rule of benchRules(mainLine, await inbox("Support line"))) {
      const res = await server.call("POST", "/v1/automations/rules", { token, json: rule });
      if (res.status !== 201) throw new Error(`rule refused: ${JSON.stringify(res.body)}`);
    }
  const caughtUp = async () => {
    while ((await automationCursor(db)) < (await feedHead(db))) await new Promise((r) => setTimeout(r, 20));
  };
  await caughtUp();
  const from = await automationCursor(db);
  if (!(await moveAutomationCursor(db, from, PARKED))) throw new Error("could not park the engine");
  let cpu = process.cpuUsage();
  const clients = fork(new URL("./inbound-clients.mjs", import.meta.url), [
    JSON.stringify({ url: server.url, token, inboxId: mainLine, rate: RATE, total, numbers: NUMBERS, offset: 0 }),
  ]);
  await new Promise((resolve, reject) => {
    clients.once("message", resolve);
    clients.once("error", reject);
  });
  clients.kill();
  await new Promise((r) => setTimeout(r, 500)); // the last commits and their after-commit work
  const ingest = cpuMs(cpu);
  const events = (await feedHead(db)) - from;
  cpu = process.cpuUsage();
  const started = performance.now();
  await moveAutomationCursor(db, PARKED, from); // the background loop reads the backlog, woken by its tick
  await caughtUp();
  const engine = cpuMs(cpu);
  const wall = performance.now() - started;
  await server.close();
  return { ingest: ingest / total, engine: engine / total, wall, events };
}

const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(" ");
console.log(`${TOTAL} texts from ${NUMBERS} numbers at ${RATE}/s, SQLite; server CPU ms per text`);
for (let pass = 1; pass <= Number(process.env.WARMUP ?? 1); pass++) {
  const total = Math.ceil(TOTAL / 3);
  const floor = await run(false, total);
  const withRules = await run(true, total);
  const extra = withRules.engine - floor.engine;
  console.log(
    `warm-up ${pass} (${total} texts, not counted): rules add ${extra.toFixed(3)} ms = ${((100 * extra) / (floor.ingest + floor.engine)).toFixed(1)} %; load ${load()}`,
  );
}
const shares: number[] = [];
for (let pair = 1; pair <= Number(process.env.PAIRS ?? 2); pair++) {
  const floor = await run(false);
  const withRules = await run(true);
  const floorTotal = floor.ingest + floor.engine;
  const extra = withRules.engine - floor.engine;
  shares.push((100 * extra) / floorTotal);
  console.log(
    `pair ${pair}: no rule: ingest ${floor.ingest.toFixed(3)} + engine ${floor.engine.toFixed(3)} (${floor.events} events, ${floor.wall.toFixed(0)} ms); ` +
      `20 rules: ingest ${withRules.ingest.toFixed(3)} + engine ${withRules.engine.toFixed(3)} (${withRules.wall.toFixed(0)} ms); ` +
      `rules add ${extra.toFixed(3)} ms = ${((100 * extra) / floorTotal).toFixed(1)} % of the floor's ${floorTotal.toFixed(3)} ms (target ≤ 10 %); load ${load()}`,
  );
}
// One pair's share moves by ±3 points between pairs of the same run here (GC and the background loops land in one
// phase or the other): the median of the pairs is the run's result.
const sorted = [...shares].sort((a, b) => a - b);
const median = sorted.length % 2 ? sorted[(sorted.length - 1) / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
console.log(
  `median of ${shares.length} pairs: rules add ${median.toFixed(1)} % (target ≤ 10 %); range ${sorted[0].toFixed(1)}–${sorted[sorted.length - 1].toFixed(1)} %`,
);
