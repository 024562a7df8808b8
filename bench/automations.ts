// Automations benchmark (issue 17): `npx tsx bench/automations.ts`.
// 1. Rule evaluation cost: simulated inbound texts through the real HTTP API into SQLite at RATE/s (an open
//    loop in a worker thread), first with no rule on (the floor), then with 20 active rules of every kind;
//    the server's time per message with and without, and the difference: its process's CPU time (the customers
//    are a child process, so this is the server's alone, and CPU time is what a loaded machine distorts least)
//    and its thread's busy time (event-loop utilisation), from the first text until the engine has read the
//    last event. ONLY=rules skips the floor and the timers (to profile: node --cpu-prof --import tsx …).
// 2. Timers: PENDING pending timers, of which DUE fall due over the next seconds; how late each fires
//    (its run's time minus its due time) p50/p99/max, with the server's own 50 ms loop.
import { loadavg } from "node:os";
import { fork } from "node:child_process";
import { performance } from "node:perf_hooks";
import { automationCursor } from "../server/automations/automations.repository";
import { automationDb } from "../server/automations/automations.schema";
import { feedHead } from "../server/push/push-jobs.repository";
import { startServer, type TestServer } from "../tests/support/server";
import { benchRules } from "./automations-rules";
import { watchRuns } from "./automations-seen";

const RATE = Number(process.env.RATE ?? 1000);
const TOTAL = Number(process.env.TOTAL ?? 5000);
const NUMBERS = Number(process.env.NUMBERS ?? 1000);
const PENDING = Number(process.env.PENDING ?? 100_000);
const DUE = Number(process.env.DUE ?? 1000);

const caughtUp = async (server: TestServer) => {
  const { db } = server.app.ctx.database;
  while ((await automationCursor(db)) < (await feedHead(db))) await new Promise((r) => setTimeout(r, 20));
};

async function ingest(rules: boolean, offset: number) {
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
  await caughtUp(server); // the demo's month of history read before measuring
  const enabled = (await server.call("GET", "/v1/automations/rules", { token })).body.rules.filter((r: { enabled: boolean }) => r.enabled).length;
  const elu = performance.eventLoopUtilization();
  const cpu = process.cpuUsage();
  const clients = fork(new URL("./inbound-clients.mjs", import.meta.url), [
    JSON.stringify({ url: server.url, token, inboxId: mainLine, rate: RATE, total: TOTAL, numbers: NUMBERS, offset }),
  ]);
  const sent = await new Promise<{ seconds: number; failed: number }>((resolve, reject) => {
    clients.once("message", (m) => resolve(m as { seconds: number; failed: number }));
    clients.once("error", reject);
  });
  await caughtUp(server);
  const busy = performance.eventLoopUtilization(elu).active;
  const used = process.cpuUsage(cpu);
  clients.kill();
  const runs = Number(
    (
      await automationDb(db)
        .selectFrom("automationRun")
        .select((eb) => eb.fn.countAll().as("n"))
        .executeTakeFirstOrThrow()
    ).n,
  );
  await server.close();
  return { enabled, rate: TOTAL / sent.seconds, failed: sent.failed, msPerText: busy / TOTAL, cpuPerText: (used.user + used.system) / 1000 / TOTAL, runs };
}

async function timers() {
  const server = await startServer({ tickMs: 50 });
  const token = await server.login("admin@demo.test");
  const rule = await server.call("POST", "/v1/automations/rules", {
    token,
    json: { name: "No reply for a day", trigger: { type: "noAgentReply", minutes: 1440 }, actions: [{ type: "addNote", body: "Nobody replied for a day" }] },
  });
  const { db } = server.app.ctx.database;
  const conversations = (await db.selectFrom("conversation").select("id").limit(200).execute()).map((c) => c.id);
  const t = automationDb(db);
  const row = (i: number, due: number) => ({
    id: `atim_bench${i}`,
    ruleId: rule.body.rule.id,
    triggerKey: `bench-${i}`,
    conversationId: conversations[i % conversations.length],
    dueAt: new Date(due).toISOString(),
    status: "pending",
    claimedBy: null,
    claimedUntil: null,
    createdAt: new Date().toISOString(),
  });
  const insert = async (rows: ReturnType<typeof row>[]) => {
    for (let i = 0; i < rows.length; i += 500)
      await t
        .insertInto("automationTimer")
        .values(rows.slice(i, i + 500))
        .execute();
  };
  // First the ones due later (hours to days away), then DUE more spread over 10 s starting 2 s from now.
  const now = Date.now();
  await insert(Array.from({ length: PENDING - DUE }, (_, k) => row(DUE + k, now + 3_600_000 + k * 1000)));
  const startAt = Date.now() + 2_000;
  await insert(Array.from({ length: DUE }, (_, i) => row(i, startAt + Math.floor((i * 10_000) / DUE))));
  if (Date.now() > startAt) throw new Error("inserting the due timers took over 2 s: lower DUE");
  const last = startAt + 10_000;
  const seenAt = await watchRuns(server.dbFile, rule.body.rule.id, DUE, last + 20_000);
  const runs = await t.selectFrom("automationRun").select(["triggerKey", "createdAt"]).where("ruleId", "=", rule.body.rule.id).execute();
  const ids = runs.map((r) => r.triggerKey.slice("timer:".length));
  const due = new Map<string, string>();
  for (let i = 0; i < ids.length; i += 500)
    for (const r of await t
      .selectFrom("automationTimer")
      .select(["id", "dueAt"])
      .where("id", "in", ids.slice(i, i + 500))
      .execute())
      due.set(r.id, r.dueAt);
  const late = runs.map((r, i) => Date.parse(r.createdAt) - Date.parse(due.get(ids[i]) ?? r.createdAt)).sort((a, b) => a - b);
  const seenLate = ids.map((id) => (seenAt.get(`timer:${id}`) ?? Date.now()) - Date.parse(due.get(id) ?? "")).sort((a, b) => a - b);
  const stillPending = Number(
    (
      await t
        .selectFrom("automationTimer")
        .select((eb) => eb.fn.countAll().as("n"))
        .where("status", "=", "pending")
        .executeTakeFirstOrThrow()
    ).n,
  );
  await server.close();
  return { fired: late.length, late, seenLate, stillPending };
}

const pct = (xs: number[], p: number) => xs[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))];
const load = () =>
  `load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(" ")}`;
if (process.env.ONLY === "rules") {
  const withRules = await ingest(true, 0);
  console.log(
    `${withRules.enabled} rules on: server CPU ${withRules.cpuPerText.toFixed(3)} ms per text, thread ${withRules.msPerText.toFixed(3)} ms; ${load()}`,
  );
  process.exit(0);
}
if (!process.env.TIMERS_ONLY) {
  // PAIRS floor/rules pairs back to back: the machine is shared, so each ratio is taken within its own pair.
  console.log(`offered ${RATE} inbound/s, ${TOTAL} texts from ${NUMBERS} numbers, SQLite`);
  for (let pair = 1; pair <= Number(process.env.PAIRS ?? 2); pair++) {
    const floor = await ingest(false, 0);
    const before = load();
    const withRules = await ingest(true, 0);
    console.log(
      `pair ${pair}: floor (no rule on): ingest ${floor.rate.toFixed(0)}/s, server CPU ${floor.cpuPerText.toFixed(3)} ms per text, thread ${floor.msPerText.toFixed(3)} ms, ${floor.failed} failed; ${before}`,
    );
    console.log(
      `pair ${pair}: ${withRules.enabled} rules on: ingest ${withRules.rate.toFixed(0)}/s, server CPU ${withRules.cpuPerText.toFixed(3)} ms per text, thread ${withRules.msPerText.toFixed(3)} ms (${withRules.runs} run-log rows), ${withRules.failed} failed; ${load()}`,
    );
    console.log(
      `pair ${pair}: rule evaluation adds ${(100 * (withRules.cpuPerText / floor.cpuPerText - 1)).toFixed(1)} % to the server's CPU per text, ${(100 * (withRules.msPerText / floor.msPerText - 1)).toFixed(1)} % to its thread's busy time (target ≤ 10 %)`,
    );
  }
}
if (!process.env.NO_TIMERS) {
  const t = await timers();
  console.log(
    `timers: ${PENDING} pending, ${t.fired}/${DUE} due fired; run-log time late by p50 ${pct(t.late, 50)} ms, p99 ${pct(t.late, 99)} ms, max ${t.late.at(-1)} ms; ${t.stillPending} still pending`,
  );
  console.log(
    `timers: committed (seen by a reader) late by p50 ${pct(t.seenLate, 50)} ms, p99 ${pct(t.seenLate, 99)} ms, max ${t.seenLate.at(-1)} ms (target p99 ≤ 1000 ms); ${load()}`,
  );
}
