// CRM-log dispatch benchmark (issue 16, Performance: "webhook and CRM-log dispatch keep up with ingest: at
// 1,000 inbound/s on SQLite, the queue lag p99 ≤ 1 s"): `npx tsx bench/crm-log.ts`. The real server (SQLite
// file) connected to the strict fake HubSpot (tests/support/fakes/hubspot.ts, a real HTTP server on 127.0.0.1)
// through the real @hubspot/api-client; TOTAL simulated inbound texts through the HTTP API, open loop at RATE/s,
// from NUMBERS numbers that each match a HubSpot contact. Measures, per text, message committed (its createdAt,
// sent as hs_timestamp) → its Communication arriving at the fake (p50/p99), and the logging throughput. The floor,
// in the same run: the fake's own answer time (the same Communication POST from this process, one at a time, as
// the worker sends them) and the ingest rate with no CRM connected.
import os from "node:os";
import { sql } from "kysely";
import { startServer } from "../tests/support/server";
import { startFakeHubspot } from "../tests/support/fakes/hubspot";

const RATE = Number(process.env.RATE ?? 1000);
const TOTAL = Number(process.env.TOTAL ?? 2000);
const NUMBERS = Number(process.env.NUMBERS ?? 200);
const CONCURRENCY = 64;

const hub = await startFakeHubspot();
const phone = (n: number) => `+1415555${String(1000 + n).padStart(4, "0")}`;
// HubSpot holds numbers as people typed them: "(415) 555-1000".
for (let n = 0; n < NUMBERS; n++)
  hub.contacts.push({ id: String(700 + n), properties: { firstname: "Bench", lastname: String(n), phone: `(415) 555-${String(1000 + n).padStart(4, "0")}` } });

const pct = (xs: number[], p: number) => xs[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))];

/** The floor: the fake's own answer to the worker's request, a valid Communication POST, one at a time. */
async function fakeRoundTrip(times: number): Promise<number[]> {
  const took: number[] = [];
  for (let i = 0; i < times; i++) {
    const started = performance.now();
    const res = await fetch(`${hub.url}/crm/v3/objects/communications`, {
      method: "POST",
      headers: { authorization: `Bearer ${hub.token}`, "content-type": "application/json" },
      body: JSON.stringify({
        properties: {
          hs_communication_channel_type: "SMS",
          hs_communication_logged_from: "CRM",
          hs_communication_body: `Floor ${i}`,
          hs_timestamp: new Date().toISOString(),
        },
        associations: [{ to: { id: "700" }, types: [{ associationCategory: "HUBSPOT_DEFINED", associationTypeId: 81 }] }],
      }),
    });
    await res.text();
    if (res.status !== 201) throw new Error(`the fake refused the floor's request: ${res.status}`);
    took.push(performance.now() - started);
  }
  return took.sort((a, b) => a - b);
}

/** The other floor: one small autocommit write on the server's SQLite file (synchronous=FULL: an fsync each). */
async function commitTimes(server: Awaited<ReturnType<typeof startServer>>, times: number): Promise<number[]> {
  const { db } = server.app.ctx.database;
  await sql`create table bench_commit (n integer)`.execute(db);
  const took: number[] = [];
  for (let i = 0; i < times; i++) {
    const started = performance.now();
    await sql`insert into bench_commit values (${i})`.execute(db);
    took.push(performance.now() - started);
  }
  return took.sort((a, b) => a - b);
}

async function run(connect: boolean, total = TOTAL) {
  const server = await startServer({ tickMs: 1000, simulatorStepMs: 350 });
  const admin = await server.login("admin@demo.test");
  const mainLine = (await server.app.ctx.database.db.selectFrom("inbox").select("id").where("name", "=", "Main line").executeTakeFirstOrThrow()).id;
  if (connect) {
    const res = await server.call("POST", "/v1/integrations/crm", {
      token: admin,
      json: { provider: "hubspot", apiBase: hub.url, credentials: { accessToken: hub.token } },
    });
    if (res.status !== 201) throw new Error(`connect failed: ${res.status} ${JSON.stringify(res.body)}`);
  }
  const seen = hub.requests.length;
  const cpu = process.cpuUsage();
  const started = Date.now();
  let next = 0;
  const client = async () => {
    for (;;) {
      const i = next++;
      if (i >= total) return;
      const due = started + (i * 1000) / RATE;
      if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
      const res = await fetch(`${server.url}/v1/simulator/inbound`, {
        method: "POST",
        headers: { authorization: `Bearer ${admin}`, "content-type": "application/json" },
        body: JSON.stringify({ inboxId: mainLine, from: phone(i % NUMBERS), body: `Bench ${i}` }),
      });
      await res.text();
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, client));
  const ingestedAt = Date.now();
  const rate = total / ((ingestedAt - started) / 1000);
  // Each bench text's Communication, once (a retry or replay would update, not add: logging is idempotent).
  const logged = () => {
    const byText = new Map<string, { at: number; lag: number }>();
    for (const r of hub.requests.slice(seen)) {
      if (r.method !== "POST") continue;
      // One Communication per request, or many in one batch create.
      type Input = { properties: Record<string, string> };
      const inputs =
        r.path === "/crm/v3/objects/communications"
          ? [r.body as Input]
          : r.path === "/crm/v3/objects/communications/batch/create"
            ? (r.body as { inputs: Input[] }).inputs
            : [];
      for (const { properties: p } of inputs) {
        const text = /\n\n(Bench \d+)$/.exec(p.hs_communication_body)?.[1];
        if (text && !byText.has(text)) byText.set(text, { at: r.at, lag: r.at - Date.parse(p.hs_timestamp) });
      }
    }
    return byText;
  };
  const until = Date.now() + Number(process.env.WAIT_MS ?? 120_000);
  while (connect && logged().size < TOTAL && Date.now() < until) await new Promise((r) => setTimeout(r, 200));
  const used = process.cpuUsage(cpu);
  const byText = [...logged().values()];
  const commits = connect ? [] : await commitTimes(server, 200);
  await server.close();
  const lags = byText.map((l) => l.lag).sort((a, b) => a - b);
  const lastAt = Math.max(...byText.map((l) => l.at));
  const firstAt = Math.min(...byText.map((l) => l.at));
  const requests = hub.requests.length - seen;
  return {
    rate,
    cpuPerText: (used.user + used.system) / total,
    lags,
    count: byText.length,
    throughput: byText.length / ((lastAt - started) / 1000),
    perJob: (lastAt - firstAt) / Math.max(1, byText.length - 1),
    requests,
    commits,
  };
}

const tripCpu = process.cpuUsage();
const floorTrip = await fakeRoundTrip(500);
const tripCpuUsed = process.cpuUsage(tripCpu);
// CPU of one request to the fake, both ends in this process (fetch + the fake's strict parse): part of every CRM call below.
const cpuPerTrip = (tripCpuUsed.user + tripCpuUsed.system) / 500;
// A first server in this process runs slower (its code compiled on first use): warm up, unmeasured, before the floor.
await run(false, Math.ceil(TOTAL / 4));
// CRM_FIRST=1 runs the connected server before the floor's, to see whether the order moves the ingest rates.
const crmFirst = process.env.CRM_FIRST === "1";
const crm0 = crmFirst ? await run(true) : null;
const floor = await run(false);
const crm = crm0 ?? (await run(true));
console.log(
  `offered ${RATE}/s, ${TOTAL} texts from ${NUMBERS} numbers; load average ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(" ")} (2 cores)`,
);
console.log(
  `floor: the fake HubSpot's answer to one Communication POST, p50 ${pct(floorTrip, 50).toFixed(2)} ms, p99 ${pct(floorTrip, 99).toFixed(2)} ms (≈ ${(1000 / pct(floorTrip, 50)).toFixed(0)}/s one at a time), CPU ${cpuPerTrip.toFixed(0)} µs per request`,
);
console.log(
  `floor: one autocommit write on the server's SQLite file, p50 ${pct(floor.commits, 50).toFixed(2)} ms, p99 ${pct(floor.commits, 99).toFixed(2)} ms`,
);
console.log(`ingest, no CRM (floor): ${floor.rate.toFixed(0)}/s, CPU ${floor.cpuPerText.toFixed(0)} µs/text`);
console.log(
  `ingest, HubSpot connected: ${crm.rate.toFixed(0)}/s (drop ${(100 * (1 - crm.rate / floor.rate)).toFixed(1)} %), CPU ${crm.cpuPerText.toFixed(0)} µs/text (the log: ${(crm.cpuPerText - floor.cpuPerText).toFixed(0)} µs per text, of which the fake's requests ${((crm.requests / TOTAL) * cpuPerTrip).toFixed(0)} µs)`,
);
console.log(
  `logged ${crm.count}/${TOTAL} (${crm.requests} requests to HubSpot); committed → logged p50 ${pct(crm.lags, 50)} ms, p99 ${pct(crm.lags, 99)} ms, max ${crm.lags.at(-1)} ms; throughput ${crm.throughput.toFixed(0)} logged/s (first text sent → last logged), ${crm.perJob.toFixed(1)} ms per logged text between the first and the last`,
);
await hub.close();
