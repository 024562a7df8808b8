// The webhook queue's per-delivery writes on the server's thread (issue 16): `npx tsx bench/webhooks-writes.ts`. In one
// process, alternating, the fan-out's job rows (advanceWebhookCursor) and the settle's attempt rows and job updates
// (settleJobs) through Kysely (the PostgreSQL path, sqlite = null) and through the prepared SQLite statements
// (webhook-jobs.sqlite.repository.ts), ROWS rows a run, ROUNDS runs each. Prints the server thread's CPU per row, median
// of the runs: alternating in one process keeps the machine's load out of the difference.
import { advanceWebhookCursor, claimDueJobs, settleJobs, webhookCursor } from "../server/integrations/webhooks/webhook-jobs.repository";
import { serverWithEndpoints, startReceiver, threadCpuUs } from "./webhook-harness";

const receiver = await startReceiver();
const { server, endpointIds } = await serverWithEndpoints({ tickMs: 3_600_000 }, receiver.url, 3);
const { db, sqlite } = server.app.ctx.database;
const payload = JSON.stringify({ type: "message.created", timestamp: new Date().toISOString(), data: { body: "x".repeat(700) } });
let n = 0;
const ROUNDS = Number(process.env.ROUNDS ?? 6);
const ROWS = Number(process.env.ROWS ?? 3000);
const res: Record<string, number[]> = { "kysely insert": [], "prepared insert": [], "kysely settle": [], "prepared settle": [] };
for (let round = 0; round < ROUNDS; round++) {
  for (const mode of round % 2 ? ["kysely", "prepared"] : ["prepared", "kysely"]) {
    const raw = mode === "prepared" ? sqlite : null;
    const jobs = Array.from({ length: ROWS }, (_, i) => ({
      endpointId: endpointIds[i % 3],
      messageId: `m${n}_${i}`,
      eventType: "message.created",
      orderKey: `k${n}_${i}`,
      position: 10_000_000 + n * ROWS + i,
      payload,
    }));
    n++;
    const at = new Date().toISOString();
    const from = await webhookCursor(db);
    let t = threadCpuUs();
    await advanceWebhookCursor(db, raw, from, from, jobs, at);
    res[`${mode} insert`].push((threadCpuUs() - t) / jobs.length);
    const claimed = await claimDueJobs(db, { by: `c${n}`, until: new Date(Date.now() + 60000).toISOString() }, new Date(Date.now() + 1000).toISOString(), ROWS);
    const settled = claimed.map((job) => ({
      job,
      at,
      result: { statusCode: 200, error: null, responseExcerpt: "ok", durationMs: 3 },
      outcome: "delivered" as const,
    }));
    t = threadCpuUs();
    await settleJobs(db, raw, `c${n}`, settled);
    res[`${mode} settle`].push((threadCpuUs() - t) / settled.length);
  }
}
const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
for (const [k, xs] of Object.entries(res))
  console.log(`${k}: median ${med(xs).toFixed(1)} µs per row (${xs.length} runs of ${ROWS}; min ${Math.min(...xs).toFixed(1)})`);
await server.close();
receiver.close();
// Something of the server's (not yet found: not the receiver, and server.close() returns) keeps this process alive for
// minutes after a run whose claims the bench made itself; the numbers are printed, so end here.
process.exit(0);
