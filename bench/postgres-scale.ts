// PostgreSQL scale-out benchmark (issue 7): `scripts/postgres-test.sh npx tsx bench/postgres-scale.ts`, or
// with SIDETEXT_TEST_POSTGRES_URL pointing at a server where databases may be created. For 1, 2 and 3
// server instances (separate processes, as behind a load balancer) on one fresh database: CONCURRENCY HTTP
// clients text in through POST /v1/simulator/inbound, spread over the instances; one stream socket per
// instance. Prints the ingest rate, and the latency from the start of an inbound request to its
// message.created event on a stream socket of ANOTHER instance (with one instance: the same one).
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import WebSocket from "ws";
import { EVENT_APPEND_LOCK } from "../server/events/transaction";
import { createPostgresDatabase, dropPostgresDatabase } from "../tests/support/test-database";

const CONCURRENCY = Number(process.env.CONCURRENCY ?? 32);
const TOTAL = Number(process.env.TOTAL ?? 3000);
const WARMUP = Number(process.env.WARMUP ?? 300);
const NUMBERS = 1000;
const INSTANCE_COUNTS = (process.env.INSTANCES ?? "1,2,3").split(",").map(Number);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
const MARK = "bench#";

const freePort = () => new Promise<number>((resolve) => {
  const srv = net.createServer().listen(0, "127.0.0.1", () => {
    const { port } = srv.address() as net.AddressInfo;
    srv.close(() => resolve(port));
  });
});

async function startInstance(databaseUrl: string, seed: boolean): Promise<{ url: string; proc: ChildProcess }> {
  const port = await freePort();
  const proc = spawn(process.execPath, ["--import", "tsx", "server/main.ts"], {
    cwd: root, stdio: ["ignore", "ignore", fs.openSync(path.join(os.tmpdir(), `sidetext-bench-instance-${port}.log`), "w")],
    env: { ...process.env, PORT: String(port), HOST: "127.0.0.1", DATABASE_URL: databaseUrl, SIDETEXT_SEED: seed ? "demo" : "none", SIDETEXT_SIMULATOR: "on", NODE_ENV: "development" },
  });
  const url = `http://127.0.0.1:${port}`;
  for (const until = Date.now() + 60_000; Date.now() < until; await new Promise((r) => setTimeout(r, 100))) {
    if (await fetch(`${url}/v1/openapi.json`).then((r) => r.ok, () => false)) return { url, proc };
  }
  throw new Error("instance did not start");
}

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

async function run(instances: number) {
  const dbKey = `bench-postgres-scale-${instances}-${Date.now()}`;
  const dbUrl = await createPostgresDatabase(dbKey);
  const servers = [await startInstance(dbUrl, true)];
  for (let i = 1; i < instances; i++) servers.push(await startInstance(dbUrl, false));
  const login = await post(`${servers[0].url}/v1/auth/login`, "", { email: "admin@demo.test", password: "sidetext-demo" });
  const token = JSON.parse(login.body).token as string;
  const me = await (await fetch(`${servers[0].url}/v1/me`, { headers: { authorization: `Bearer ${token}` } })).json() as { inboxes: Array<{ id: string; name: string }> };
  const inboxId = me.inboxes.find((i) => i.name === "Main line")!.id;

  // sentAt per message, and on which instance it was received: latency counts on the next instance's socket.
  const sent = new Map<number, { at: number; instance: number }>();
  const latencies: number[] = [];
  let measuring = false;
  const sockets = await Promise.all(servers.map((s, k) => new Promise<WebSocket>((resolve, reject) => {
    const socket = new WebSocket(s.url.replace(/^http/, "ws") + "/v1/stream");
    socket.once("error", reject);
    socket.once("open", () => socket.send(JSON.stringify({ type: "auth", token, after: 1_000_000_000 })));
    socket.on("message", (data: Buffer) => {
      const text = data.toString("latin1");
      if (text.startsWith('{"type":"ready"')) return resolve(socket);
      if (text.startsWith('{"type":"error"')) return resolve(socket); // after past the head: the bench only wants live events
      for (let i = text.indexOf(MARK); i !== -1; i = text.indexOf(MARK, i + MARK.length)) {
        const n = Number(text.slice(i + MARK.length, text.indexOf("#", i + MARK.length)));
        const entry = sent.get(n);
        if (!entry || (instances > 1 ? (entry.instance + 1) % instances : 0) !== k) continue;
        if (measuring && n >= WARMUP) latencies.push(performance.now() - entry.at);
        sent.delete(n);
      }
    });
  })));

  const sampler = await sampleEventLock(dbUrl);
  let next = 0;
  let started = 0;
  const lane = async () => {
    for (let n = next++; n < WARMUP + TOTAL; n = next++) {
      if (n === WARMUP) {
        measuring = true;
        started = performance.now();
      }
      const instance = n % instances;
      sent.set(n, { at: performance.now(), instance });
      const res = await post(`${servers[instance].url}/v1/simulator/inbound`, token, { inboxId, from: `+1415556${String(1000 + (n % NUMBERS))}`, body: `Is my order ready? ${MARK}${n}#` });
      if (res.status !== 201) throw new Error(`inbound answered ${res.status}: ${res.body}`);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, lane));
  const seconds = (performance.now() - started) / 1000;
  const lock = await sampler.stop();
  for (const until = Date.now() + 10_000; sent.size > 0 && Date.now() < until; ) await new Promise((r) => setTimeout(r, 50));
  const lost = [...sent.keys()].filter((n) => n >= WARMUP).length;

  for (const s of sockets) s.close();
  for (const s of servers) s.proc.kill("SIGTERM");
  await Promise.all(servers.map((s) => new Promise((r) => (s.proc.exitCode !== null ? r(null) : s.proc.once("exit", r)))));
  await dropPostgresDatabase(dbKey);

  latencies.sort((a, b) => a - b);
  const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? NaN;
  return { instances, lock, rate: TOTAL / seconds, p50: q(0.5), p95: q(0.95), p99: q(0.99), max: latencies[latencies.length - 1], measured: latencies.length, lost };
}

/**
 * What the transaction holding the event lock is doing, sampled every 10 ms from pg_stat_activity: waiting
 * for its Node process to send the next statement (ClientRead), running in PostgreSQL, or waiting for the
 * WAL to reach the disk at commit; and how many transactions queue for the lock meanwhile.
 */
async function sampleEventLock(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const states = new Map<string, number>();
  let samples = 0;
  let waiters = 0;
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const { rows } = await client.query(`
        select a.state, coalesce(a.wait_event_type || ':' || a.wait_event, 'running') as wait,
          (select count(*) from pg_locks w where w.locktype = 'advisory' and not w.granted and w.objid = $1::bigint::oid)::int as waiters
        from pg_locks l join pg_stat_activity a on a.pid = l.pid
        where l.locktype = 'advisory' and l.granted and l.objid = $1::bigint::oid and l.objsubid = 1`, [EVENT_APPEND_LOCK]);
      samples++;
      const row = rows[0] as { state: string; wait: string; waiters: number } | undefined;
      const key = row ? (row.wait === "Client:ClientRead" ? "holder waits for Node" : row.wait === "running" ? "holder runs in PostgreSQL" : `holder waits on ${row.wait}`) : "lock free";
      states.set(key, (states.get(key) ?? 0) + 1);
      waiters += row?.waiters ?? 0;
      await new Promise((r) => setTimeout(r, 10));
    }
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
      await client.end();
      const share = [...states].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${Math.round((100 * n) / samples)}%`).join(", ");
      return `${share}; ${(waiters / samples).toFixed(1)} transactions queued for the lock on average`;
    },
  };
}

console.log(`machine: ${os.cpus().length} cores (${os.cpus()[0]?.model ?? "?"}), load average ${os.loadavg()[0].toFixed(1)}, node ${process.version}`);
console.log(`${CONCURRENCY} concurrent HTTP clients, ${TOTAL} measured inbound texts after ${WARMUP} warm-up, ${NUMBERS} customer numbers`);
for (const n of INSTANCE_COUNTS) {
  const r = await run(n);
  const ms = (v: number) => `${v.toFixed(0)} ms`;
  console.log(`${n} instance${n > 1 ? "s" : ""}: ${Math.round(r.rate)} messages/s; request → event on ${n > 1 ? "another instance's" : "the"} socket p50 ${ms(r.p50)}, p95 ${ms(r.p95)}, p99 ${ms(r.p99)}, max ${ms(r.max)} (${r.measured} measured, ${r.lost} not seen); load ${os.loadavg()[0].toFixed(1)}`);
  console.log(`  event lock: ${r.lock}`);
}
