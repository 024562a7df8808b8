// Sequences benchmark (issue 17): `npx tsx bench/sequences.ts`. PENDING waiting sequence steps (a rule's
// actions after a "wait", server/automations/sequences.ts), of which DUE fall due over 10 s; how late each step
// runs (when its run-log row became visible, minus its due time) p50/p99/max, with the server's own 50 ms loop. The floor, in the
// same run: the same DUE steps with nothing else pending.
import { startServer } from "../tests/support/server";
import { watchRuns } from "./automations-seen";

const PENDING = Number(process.env.PENDING ?? 100_000);
const DUE = Number(process.env.DUE ?? 100);

async function run(pending: number) {
  const server = await startServer({ tickMs: 50 });
  const token = await server.login("admin@demo.test");
  const rule = await server.call("POST", "/v1/automations/rules", {
    token,
    json: {
      name: "Follow up tomorrow",
      trigger: { type: "conversation.created" },
      actions: [
        { type: "wait", minutes: 1440 },
        { type: "addNote", body: "A day on" },
      ],
    },
  });
  const ruleId = rule.body.rule.id as string;
  const db = server.app.ctx.database.db as any; // the step table is typed in its repository only
  const conversations = (await db.selectFrom("conversation").select("id").limit(200).execute()).map((c: { id: string }) => c.id);
  const row = (i: number, due: number) => ({
    id: `astep_bench${i}`,
    ruleId,
    runKey: `bench-${i}`,
    conversationId: conversations[i % conversations.length],
    stepIndex: 1,
    dueAt: new Date(due).toISOString(),
    cancelOn: "[]",
    afterPosition: 0,
    status: "pending",
    claimedBy: null,
    claimedUntil: null,
    createdAt: new Date().toISOString(),
  });
  const insert = async (rows: ReturnType<typeof row>[]) => {
    for (let i = 0; i < rows.length; i += 500)
      await db
        .insertInto("automationStep")
        .values(rows.slice(i, i + 500))
        .execute();
  };
  // First the ones due later (an hour to days away), then DUE more spread over 10 s starting 2 s from now.
  const now = Date.now();
  await insert(Array.from({ length: pending }, (_, k) => row(DUE + k, now + 3_600_000 + k * 1000)));
  const startAt = Date.now() + 2_000;
  await insert(Array.from({ length: DUE }, (_, i) => row(i, startAt + Math.floor((i * 10_000) / DUE))));
  if (Date.now() > startAt) throw new Error("inserting the due steps took over 2 s: lower DUE");
  const seenAt = await watchRuns(server.dbFile, ruleId, DUE, startAt + 30_000);
  const runs: Array<{ triggerKey: string; createdAt: string }> = await db
    .selectFrom("automationRun")
    .select(["triggerKey", "createdAt"])
    .where("ruleId", "=", ruleId)
    .execute();
  const dueAt = (id: string) => startAt + Math.floor((Number(id.slice("step:astep_bench".length)) * 10_000) / DUE);
  const late = runs.map((r) => (seenAt.get(r.triggerKey) ?? Date.now()) - dueAt(r.triggerKey)).sort((a, b) => a - b);
  await server.close();
  return late;
}

const pct = (xs: number[], p: number) => xs[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))];
const say = (what: string, late: number[]) =>
  console.log(`${what}: ${late.length}/${DUE} due steps ran; late by p50 ${pct(late, 50)} ms, p99 ${pct(late, 99)} ms, max ${late.at(-1)} ms`);
console.log(
  `load average ${(await import("node:os"))
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(" ")}`,
);
say("floor (nothing else pending)", await run(0));
say(`${PENDING} other steps pending`, await run(PENDING));
console.log(
  `load average ${(await import("node:os"))
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(" ")}`,
);
console.log("target (the issue's, for timers): p99 ≤ 1000 ms");
