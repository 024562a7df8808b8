// CRM-log dispatch benchmark (issue 16, Performance: "webhook and CRM-log dispatch keep up with ingest: at
// 1,000 inbound/s on SQLite, the queue lag p99 ≤ 1 s"): `npx tsx bench/crm-log.ts`. The real server (SQLite
// file) connected to the strict fake HubSpot (tests/support/fakes/hubspot.ts, a real HTTP server on 127.0.0.1, in a
// child process: bench/crm-log-fake.ts) through the real @hubspot/api-client; TOTAL simulated inbound texts through
// the HTTP API, open loop at RATE/s from another child process (bench/inbound-clients.mjs), from NUMBERS numbers
// that each match a HubSpot contact. The server's process holds only the server: its CPU per text is the server's. Measures, per text, message committed (its createdAt,
// sent as hs_timestamp) → its Communication arriving at the fake (p50/p99), and the logging throughput. The floor,
// in the same run: the fake's own answer time (the same Communication POST from this process, one at a time, as
// the worker sends them) and the ingest rate with no CRM connected.
import os from "node:os";
import { sql } from "kysely";
import { startServer } from "../tests/support/server";
import { fork } from "node:child_process";

const RATE = Number(process.env.RATE ?? 1000);
const TOTAL = Number(process.env.TOTAL ?? 2000);
const NUMBERS = Number(process.env.NUMBERS ?? 200);

/** The fake HubSpot's process: asked over IPC, answered in order. */
const fake = fork(new URL("./crm-log-fake.ts", import.meta.url), [String(NUMBERS)], { execArgv: ["--import", "tsx"] });
const answers: Array<(answer: unknown) => void> = [];
fake.on("message", (answer) => answers.shift()?.(answer));
const askFake = <T>(question: object | null): Promise<T> =>
  new Promise((resolve) => {
    answers.push(resolve as (answer: unknown) => void);
    if (question) fake.send(question);
  });
const hub = await askFake<{ url: string; token: string }>(null);
const fakeRequests = async () => (await askFake<{ requests: number }>({ type: "requests" })).requests;
const fakeLogged = async (seen: number) => (await askFake<{ logged: Array<{ at: number; lag: number }> }>({ type: "logged", seen })).logged;

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
  const seen = await fakeRequests();
  const cpu = process.cpuUsage();
  const started = Date.now();
  const clients = fork(new URL("./inbound-clients.mjs", import.meta.url), [
    JSON.stringify({
      url: server.url,
      token: admin,
      inboxId: mainLine,
      rate: RATE,
      total,
      numbers: NUMBERS,
      offset: 1000,
      prefix: "+1415555",
      text: "Bench {i}",
    }),
  ]);
  const { seconds, failed } = await new Promise<{ seconds: number; failed: number }>((resolve, reject) => {
    clients.once("message", (m) => resolve(m as { seconds: number; failed: number }));
    clients.once("error", reject);
  });
  if (failed > 0) throw new Error(`${failed} texts were refused`);
  const rate = total / seconds;
  const until = Date.now() + Number(process.env.WAIT_MS ?? 120_000);
  while (connect && (await fakeLogged(seen)).length < total && Date.now() < until) await new Promise((r) => setTimeout(r, 200));
  const used = process.cpuUsage(cpu);
  const byText = connect ? await fakeLogged(seen) : [];
  const commits = connect ? [] : await commitTimes(server, 200);
  await server.close();
  const lags = byText.map((l) => l.lag).sort((a, b) => a - b);
  const lastAt = Math.max(...byText.map((l) => l.at));
  const firstAt = Math.min(...byText.map((l) => l.at));
  const requests = (await fakeRequests()) - seen;
  const paths = (await askFake<{ paths: Record<string, number> }>({ type: "paths", seen })).paths;
  return {
    rate,
    cpuPerText: (used.user + used.system) / total,
    lags,
    count: byText.length,
    throughput: byText.length / ((lastAt - started) / 1000),
    perJob: (lastAt - firstAt) / Math.max(1, byText.length - 1),
    requests,
    paths,
    commits,
  };
}

const tripCpu = process.cpuUsage();
const floorTrip = await fakeRoundTrip(500);
const tripCpuUsed = process.cpuUsage(tripCpu);
// CPU of one request to the fake on this side (fetch): the fake's own work is in its process.
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
  `floor: the fake HubSpot's answer to one Communication POST, p50 ${pct(floorTrip, 50).toFixed(2)} ms, p99 ${pct(floorTrip, 99).toFixed(2)} ms (≈ ${(1000 / pct(floorTrip, 50)).toFixed(0)}/s one at a time), client-side CPU ${cpuPerTrip.toFixed(0)} µs per request`,
);
console.log(
  `floor: one autocommit write on the server's SQLite file, p50 ${pct(floor.commits, 50).toFixed(2)} ms, p99 ${pct(floor.commits, 99).toFixed(2)} ms`,
);
console.log(`ingest, no CRM (floor): ${floor.rate.toFixed(0)}/s, CPU ${floor.cpuPerText.toFixed(0)} µs/text`);
console.log(
  `ingest, HubSpot connected: ${crm.rate.toFixed(0)}/s (drop ${(100 * (1 - crm.rate / floor.rate)).toFixed(1)} %), CPU ${crm.cpuPerText.toFixed(0)} µs/text (the log: ${(crm.cpuPerText - floor.cpuPerText).toFixed(0)} µs per text; server process only)`,
);
console.log(
  `logged ${crm.count}/${TOTAL} (${crm.requests} requests to HubSpot); committed → logged p50 ${pct(crm.lags, 50)} ms, p99 ${pct(crm.lags, 99)} ms, max ${crm.lags.at(-1)} ms; throughput ${crm.throughput.toFixed(0)} logged/s (first text sent → last logged), ${crm.perJob.toFixed(1)} ms per logged text between the first and the last`,
);
console.log(
  `HubSpot requests: ${Object.entries(crm.paths)
    .map(([path, n]) => `${n} ${path}`)
    .join(", ")}`,
);
fake.send({ type: "close" });
