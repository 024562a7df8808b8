// One run of the PostgreSQL scale-out bench (bench/postgres-scale.ts): `instances` server instances on a fresh
// database, a closed loop of CONCURRENCY clients, then the open loop; CPU per text of each party.
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import WebSocket from "ws";
import { createPostgresDatabase, dropPostgresDatabase } from "../../tests/support/test-database";
import { cpuMs, postgresPids, startInstance } from "./processes";
import { quantile, sampleBacklog, statements } from "./samplers";

export const CONCURRENCY = Number(process.env.CONCURRENCY ?? 32);
export const TOTAL = Number(process.env.TOTAL ?? 3000);
export const WARMUP = Number(process.env.WARMUP ?? 300);
export const NUMBERS = 1000;
export const INSTANCE_COUNTS = (process.env.INSTANCES ?? "1,2,3").split(",").map(Number);
export const OPEN_RATE = Number(process.env.OPEN_RATE ?? 1000);
export const OPEN_TOTAL = Number(process.env.OPEN_TOTAL ?? 3000);
// STATEMENTS=1: the statements PostgreSQL ran per measured text (pg_stat_statements, when the server loads it).
const STATEMENTS = process.env.STATEMENTS === "1";
export const SOCKETS = Number(process.env.SOCKETS ?? Math.max(...INSTANCE_COUNTS));
const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
const MARK = "bench#";

function post(url: string, token: string, json: unknown): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: "POST", agent, headers: { "content-type": "application/json", authorization: `Bearer ${token}` } }, (res) => {
      let body = "";
      res.on("data", (c) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.end(JSON.stringify(json));
  });
}

export async function run(instances: number, engine: "postgres" | "sqlite" = "postgres") {
  const dbKey = `bench-postgres-scale-${instances}-${Date.now()}`;
  const dbUrl = engine === "postgres" ? await createPostgresDatabase(dbKey) : `sqlite:${path.join(os.tmpdir(), `${dbKey}.db`)}`;
  const servers = [await startInstance(dbUrl, true)];
  for (let i = 1; i < instances; i++) servers.push(await startInstance(dbUrl, false));
  const login = await post(`${servers[0].url}/v1/auth/login`, "", { email: "admin@demo.test", password: "sidetext-demo" });
  const token = JSON.parse(login.body).token as string;
  const me = (await (await fetch(`${servers[0].url}/v1/me`, { headers: { authorization: `Bearer ${token}` } })).json()) as {
    inboxes: Array<{ id: string; name: string }>;
  };
  const inboxId = me.inboxes.find((i) => i.name === "Main line")!.id;

  // sentAt per message, and on which instance it was received: latency counts on the next instance's socket.
  const sent = new Map<number, { at: number; instance: number }>();
  let latencies: number[] = [];
  let measuring = false;
  // The same clients whatever the number of instances (SOCKETS stream sockets, spread over the instances),
  // so that a run with more instances serves the same work, not more.
  const sockets = await Promise.all(
    Array.from({ length: SOCKETS }, (_, i) => i % instances).map(
      (k) =>
        new Promise<WebSocket>((resolve, reject) => {
          const socket = new WebSocket(`${servers[k].url.replace(/^http/, "ws")}/v1/stream`);
          socket.once("error", reject);
          socket.once("open", () => socket.send(JSON.stringify({ type: "auth", token })));
          socket.on("message", (data: Buffer) => {
            const text = data.toString("latin1");
            if (text.startsWith('{"type":"ready"')) return resolve(socket);
            for (let i = text.indexOf(MARK); i !== -1; i = text.indexOf(MARK, i + MARK.length)) {
              const n = Number(text.slice(i + MARK.length, text.indexOf("#", i + MARK.length)));
              const entry = sent.get(n);
              if (!entry || (instances > 1 ? (entry.instance + 1) % instances : 0) !== k) continue;
              if (measuring) latencies.push(performance.now() - entry.at);
              sent.delete(n);
            }
          });
        }),
    ),
  );

  const textIn = async (n: number) => {
    const instance = n % instances;
    sent.set(n, { at: performance.now(), instance });
    const res = await post(`${servers[instance].url}/v1/simulator/inbound`, token, {
      inboxId,
      from: `+1415556${String(1000 + (n % NUMBERS))}`,
      body: `Is my order ready? ${MARK}${n}#`,
    });
    if (res.status !== 201) throw new Error(`inbound answered ${res.status}: ${res.body}`);
  };
  const waitForSockets = async (from: number) => {
    for (const until = Date.now() + 10_000; [...sent.keys()].some((n) => n >= from) && Date.now() < until; ) await new Promise((r) => setTimeout(r, 50));
    return [...sent.keys()].filter((n) => n >= from).length;
  };

  // Closed loop: CONCURRENCY clients, each sends its next text when the previous one was answered.
  const backlog = engine === "postgres" ? await sampleBacklog(dbUrl, () => measuring) : null;
  // The sampler's own backend is the bench's cost, not the servers': counted apart.
  const pgPids = engine === "postgres" ? (await postgresPids(dbUrl)).filter((pid) => pid !== backlog?.pid) : [];
  const serverPids = servers.map((s) => s.proc.pid!);
  let cpuAtStart = { servers: 0, postgres: 0, sampler: 0, bench: 0 };
  const benchCpuMs = () => {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1000;
  };
  let next = 0;
  let started = 0;
  const lane = async () => {
    for (let n = next++; n < WARMUP + TOTAL; n = next++) {
      if (n === WARMUP) {
        measuring = true;
        started = performance.now();
        cpuAtStart = { servers: cpuMs(serverPids), postgres: cpuMs(pgPids), sampler: cpuMs(backlog ? [backlog.pid] : []), bench: benchCpuMs() };
        if (STATEMENTS && engine === "postgres") void statements.reset();
      }
      await textIn(n);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, lane));
  const seconds = (performance.now() - started) / 1000;
  const cpu = {
    servers: (cpuMs(serverPids) - cpuAtStart.servers) / TOTAL,
    postgres: (cpuMs(pgPids) - cpuAtStart.postgres) / TOTAL,
    sampler: (cpuMs(backlog ? [backlog.pid] : []) - cpuAtStart.sampler) / TOTAL,
    // The load generator (HTTP clients, sockets), this process: its share of the two cores too.
    bench: (benchCpuMs() - cpuAtStart.bench) / TOTAL,
  };
  const closedLatencies = latencies;
  const topStatements = STATEMENTS && engine === "postgres" ? await statements.top(TOTAL) : null;
  const lost = await waitForSockets(WARMUP);

  // Open loop: texts due at OPEN_RATE/s whatever the answers; latency from the due time.
  let open: { p50: number; p99: number; max: number; lost: number; achieved: number } | null = null;
  if (engine === "postgres" && OPEN_TOTAL > 0) {
    latencies = [];
    const first = WARMUP + TOTAL;
    const t0 = performance.now() + 50;
    const inFlight: Array<Promise<void>> = [];
    for (let k = 0; k < OPEN_TOTAL; k++) {
      const due = t0 + (k * 1000) / OPEN_RATE;
      const wait = due - performance.now();
      if (wait > 1) await new Promise((r) => setTimeout(r, wait));
      const n = first + k;
      inFlight.push(textIn(n).then(() => {}));
      sent.get(n)!.at = due;
    }
    await Promise.all(inFlight);
    const achieved = OPEN_TOTAL / ((performance.now() - t0) / 1000);
    const openLost = await waitForSockets(first);
    open = { p50: quantile(latencies, 0.5), p99: quantile(latencies, 0.99), max: Math.max(...latencies), lost: openLost, achieved };
  }
  const queue = await backlog?.stop();

  for (const s of sockets) s.close();
  for (const s of servers) s.proc.kill("SIGTERM");
  await Promise.all(servers.map((s) => new Promise((r) => (s.proc.exitCode !== null ? r(null) : s.proc.once("exit", r)))));
  if (engine === "postgres") await dropPostgresDatabase(dbKey);
  else for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(dbUrl.slice("sqlite:".length) + suffix, { force: true });

  return { instances, cpu, topStatements, rate: TOTAL / seconds, p50: quantile(closedLatencies, 0.5), p99: quantile(closedLatencies, 0.99), lost, open, queue };
}
