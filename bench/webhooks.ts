// Webhook dispatch benchmark (issue 16): `npx tsx bench/webhooks.ts`. Simulated inbound texts through the real
// HTTP API (POST /v1/simulator/inbound) into SQLite, open loop at RATE/s, first with no webhook endpoint (the
// floor), then with ENDPOINTS endpoints on a local receiver subscribed to message.created. Prints the ingest
// rate of each run, the drop, and the queue lag (message committed → its first delivery attempt arriving at
// the receiver) p50/p99.
import http from "node:http";
import os from "node:os";
import type { AddressInfo } from "node:net";
import { startServer } from "../tests/support/server";

const RATE = Number(process.env.RATE ?? 1000);
const TOTAL = Number(process.env.TOTAL ?? 5000);
const ENDPOINTS = Number(process.env.ENDPOINTS ?? 3);
const CONCURRENCY = 64;

const lags: number[] = [];
const receiver = http.createServer((req, res) => {
  let body = "";
  req.on("data", (c) => (body += c));
  req.on("end", () => {
    const { type, data } = JSON.parse(body);
    if (type === "message.created") lags.push(Date.now() - Date.parse(data.createdAt));
    res.end("ok");
  });
});
await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
const receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;

async function run(endpoints: number) {
  const server = await startServer({ tickMs: 1000, simulatorStepMs: 350 });
  const token = await server.login("admin@demo.test");
  const mainLine = (await server.app.ctx.database.db.selectFrom("inbox").select("id").where("name", "=", "Main line").executeTakeFirstOrThrow()).id;
  for (let i = 0; i < endpoints; i++) await server.call("POST", "/v1/webhooks", { token, json: { url: receiverUrl, eventTypes: ["message.created"] } });
  lags.length = 0;
  const cpu = process.cpuUsage();
  const started = Date.now();
  let next = 0;
  const client = async () => {
    for (;;) {
      const i = next++;
      if (i >= TOTAL) return;
      const due = started + (i * 1000) / RATE;
      if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
      const from = `+1415555${String(1000 + (i % 2000)).padStart(4, "0")}`;
      await fetch(`${server.url}/v1/simulator/inbound`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify({ inboxId: mainLine, from, body: `Bench ${i}` }),
      });
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, client));
  const rate = TOTAL / ((Date.now() - started) / 1000);
  const until = Date.now() + 60_000;
  while (endpoints > 0 && lags.length < TOTAL * endpoints && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
  // CPU of this process (server, receiver and clients) per text, ingest and every delivery included: on a shared
  // machine the rate follows the load, this much less; 1,000/s on one core leaves 1,000 µs per text.
  const used = process.cpuUsage(cpu);
  const cpuPerText = (used.user + used.system) / TOTAL;
  await server.close();
  return { rate, cpuPerText, lags: [...lags].sort((a, b) => a - b) };
}

const pct = (xs: number[], p: number) => xs[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))];
const floor = await run(0);
const hooked = await run(ENDPOINTS);
console.log(
  `offered ${RATE}/s, ${TOTAL} texts; load average ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(" ")} (2 cores: above 2 the machine is shared)`,
);
console.log(`ingest, no endpoints (floor): ${floor.rate.toFixed(0)}/s, CPU ${floor.cpuPerText.toFixed(0)} µs/text`);
console.log(
  `ingest, ${ENDPOINTS} endpoints: ${hooked.rate.toFixed(0)}/s (drop ${(100 * (1 - hooked.rate / floor.rate)).toFixed(1)} %), CPU ${hooked.cpuPerText.toFixed(0)} µs/text (deliveries: ${((hooked.cpuPerText - floor.cpuPerText) / ENDPOINTS).toFixed(0)} µs each)`,
);
console.log(
  `deliveries ${hooked.lags.length}/${TOTAL * ENDPOINTS}; lag committed → first attempt p50 ${pct(hooked.lags, 50)} ms, p99 ${pct(hooked.lags, 99)} ms, max ${hooked.lags.at(-1)} ms`,
);
receiver.close();
