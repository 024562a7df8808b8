// Webhook dispatch alone (issue 16): `npx tsx bench/webhooks-dispatch.ts`. JOBS deliveries (a real message.created
// body, ENDPOINTS endpoints on the bench's receiver in a child process) are queued at once, then sent batch after
// batch by sendDueWebhooks, the sender's own claim → sign and POST → settle. No ingest runs beside it, so the CPU per
// delivery it prints (the server's main thread, and the whole process with the delivery thread) does not depend on
// how fast the machine let ingest go, as the rates of bench/webhooks.ts do. The receiver's CPU is printed apart.
// Set-up shared with bench/webhooks.ts: bench/webhook-harness.ts.
import os from "node:os";
import { deliveryThreadStarted } from "../server/integrations/webhooks/webhook-delivery-thread";
import { insertJobs } from "../server/integrations/webhooks/webhook-jobs.repository";
import { sendDueWebhooks } from "../server/integrations/webhooks/webhook-sender";
import { serverWithEndpoints, startReceiver, threadCpuUs } from "./webhook-harness";

const JOBS = Number(process.env.JOBS ?? 15_000);
const ENDPOINTS = Number(process.env.ENDPOINTS ?? 3);

const receiver = await startReceiver();
// The timer is out of the way: only the bench's calls send.
const { server, token, inboxId, endpointIds } = await serverWithEndpoints({ tickMs: 3_600_000 }, receiver.url, ENDPOINTS);
const { db } = server.app.ctx.database;
await server.call("POST", "/v1/simulator/inbound", { token, json: { inboxId, from: "+14155550100", body: "A text to take the body from" } });
const until = Date.now() + 30_000;
let sample: { payload: string } | undefined;
while (!sample && Date.now() < until) {
  sample = (await db
    .selectFrom("webhookJob" as never)
    .select("payload" as never)
    .executeTakeFirst()) as { payload: string } | undefined;
  await new Promise((r) => setTimeout(r, 50));
}
if (!sample) throw new Error("no delivery was queued for the sample text");
// Let the sample's own deliveries go out first, on the server's loop, and the delivery thread finish loading
// (until then batches go out on the server's thread).
await deliveryThreadStarted();
await new Promise((r) => setTimeout(r, 2000));
await receiver.take();

// One order key per job: all are due at once. The body is the sample's, with a fresh timestamp per job for the lag.
const at = new Date().toISOString();
const jobs = Array.from({ length: JOBS }, (_, i) => ({
  endpointId: endpointIds[i % ENDPOINTS],
  messageId: `msg_bench_${i}`,
  eventType: "message.created",
  orderKey: `cnv:bench${i}`,
  position: 1_000_000 + i,
  payload: sample.payload.replace(/"timestamp":"[^"]+"/, `"timestamp":"${at}"`),
}));
for (let i = 0; i < jobs.length; i += 500) await insertJobs(db, jobs.slice(i, i + 500), at);

const loadAtStart = os.loadavg()[0];
const cpu = process.cpuUsage();
const main0 = threadCpuUs();
const started = performance.now();
let sent = 0;
for (let n = -1; n !== 0; ) {
  n = await sendDueWebhooks(server.app.ctx, "bench", Date);
  sent += n;
}
const seconds = (performance.now() - started) / 1000;
const used = process.cpuUsage(cpu);
const mainUs = threadCpuUs() - main0;
const got = await receiver.take();
await server.close();
receiver.close();
console.log(
  `${sent} deliveries to ${ENDPOINTS} endpoints in ${seconds.toFixed(1)} s (${(sent / seconds).toFixed(0)}/s); load average ${loadAtStart.toFixed(1)} → ${os.loadavg()[0].toFixed(1)} (2 cores)`,
);
console.log(
  `  server CPU per delivery: main thread ${(mainUs / sent).toFixed(0)} µs, whole process ${((used.user + used.system) / sent).toFixed(0)} µs (main + delivery thread + the rest); receiver ${(got.cpuUs / Math.max(1, got.lags.length)).toFixed(0)} µs; arrived ${got.lags.length}`,
);
