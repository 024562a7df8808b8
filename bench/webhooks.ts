// Webhook dispatch benchmark (issue 16): `npx tsx bench/webhooks.ts`. Simulated inbound texts through the real
// HTTP API (POST /v1/simulator/inbound) into SQLite, open loop at RATE/s, first with no webhook endpoint (the
// floor), then with ENDPOINTS endpoints on a local receiver subscribed to message.created (HOOKS_FIRST=1: the
// other order; ROUNDS=n: n pairs). Prints the ingest rate of each run, the drop, and the queue lag (message
// committed → its first delivery attempt arriving at the receiver) p50/p99.
// The clients (bench/inbound-clients.mjs) and the receiver (bench/webhook-receiver.mjs) are child processes,
// as they would be other machines: this process's CPU time is the server's alone, read per text, which
// follows the machine's load far less than the rates do. Set-up shared with bench/webhooks-dispatch.ts:
// bench/webhook-harness.ts.
import { fork } from "node:child_process";
import { loadAverage, percentile as pct, serverWithEndpoints, startReceiver, threadCpuUs } from "./webhook-harness";

const RATE = Number(process.env.RATE ?? 1000);
const TOTAL = Number(process.env.TOTAL ?? 5000);
const ENDPOINTS = Number(process.env.ENDPOINTS ?? 3);
const ROUNDS = Number(process.env.ROUNDS ?? 1);

const receiver = await startReceiver();

async function run(endpoints: number) {
  const { server, token, inboxId } = await serverWithEndpoints({ tickMs: 1000, simulatorStepMs: 350 }, receiver.url, endpoints);
  await receiver.take();
  const cpu = process.cpuUsage();
  const thread = threadCpuUs();
  const started = Date.now();
  const clients = fork(new URL("./inbound-clients.mjs", import.meta.url), [
    JSON.stringify({
      url: server.url,
      token,
      inboxId,
      rate: RATE,
      total: TOTAL,
      numbers: 2000,
      offset: 1000,
      prefix: "+1415555",
      text: "Bench {i}",
      sockets: 64,
    }),
  ]);
  const sent = await new Promise<{ seconds: number; failed: number; cpuUs: number }>((resolve) => clients.once("message", resolve));
  const rate = TOTAL / ((Date.now() - started) / 1000);
  const until = Date.now() + 90_000;
  while (endpoints > 0 && (await receiver.count()) < TOTAL * endpoints && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
  // CPU of the server (ingest, and every delivery sent) per text.
  const used = process.cpuUsage(cpu);
  const cpuPerText = (used.user + used.system) / TOTAL;
  const threadPerText = (threadCpuUs() - thread) / TOTAL;
  const taken = await receiver.take();
  const lags = taken.lags.sort((a, b) => a - b);
  await server.close();
  // The clients' and the receiver's CPU, which a real deployment spends on other machines.
  const outside = { clientsPerText: sent.cpuUs / TOTAL, receiverPerDelivery: lags.length ? taken.cpuUs / lags.length : 0 };
  return { rate, failed: sent.failed, cpuPerText, threadPerText, lags, outside };
}

console.log(`offered ${RATE}/s, ${TOTAL} texts, ${ENDPOINTS} endpoints; load average at start ${loadAverage()} (2 cores: above 2 the machine is shared)`);
for (let round = 0; round < ROUNDS; round++) {
  const hooksFirst = process.env.HOOKS_FIRST === "1" ? round % 2 === 0 : round % 2 === 1;
  const hooked0 = hooksFirst ? await run(ENDPOINTS) : null;
  const floor = await run(0);
  const hooked = hooked0 ?? (await run(ENDPOINTS));
  console.log(`round ${round + 1} (${hooksFirst ? "endpoints first" : "floor first"}), load average ${loadAverage()}:`);
  console.log(
    `  ingest, no endpoints (floor): ${floor.rate.toFixed(0)}/s, server CPU ${floor.cpuPerText.toFixed(0)} µs per text (its main thread ${floor.threadPerText.toFixed(0)} µs)`,
  );
  console.log(
    `  ingest, ${ENDPOINTS} endpoints: ${hooked.rate.toFixed(0)}/s (drop ${(100 * (1 - hooked.rate / floor.rate)).toFixed(1)} %), server CPU ${hooked.cpuPerText.toFixed(0)} µs per text (deliveries: ${((hooked.cpuPerText - floor.cpuPerText) / ENDPOINTS).toFixed(0)} µs each), main thread ${hooked.threadPerText.toFixed(0)} µs per text (deliveries: ${((hooked.threadPerText - floor.threadPerText) / ENDPOINTS).toFixed(0)} µs each)`,
  );
  console.log(
    `  deliveries ${hooked.lags.length}/${TOTAL * ENDPOINTS}; lag committed → first attempt p50 ${pct(hooked.lags, 50)} ms, p99 ${pct(hooked.lags, 99)} ms, max ${hooked.lags.at(-1)} ms; failed inbound ${floor.failed + hooked.failed}`,
  );
  console.log(
    `  outside the server (other machines in a real deployment): clients ${floor.outside.clientsPerText.toFixed(0)} / ${hooked.outside.clientsPerText.toFixed(0)} µs per text (floor / endpoints), receiver ${hooked.outside.receiverPerDelivery.toFixed(0)} µs per delivery`,
  );
}
receiver.close();
