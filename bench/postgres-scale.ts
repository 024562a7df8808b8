// PostgreSQL scale-out benchmark (issues 7 and 14): `SIDETEXT_PG_DURABLE=1 scripts/postgres-test.sh npx tsx
// bench/postgres-scale.ts`, or with SIDETEXT_TEST_POSTGRES_URL pointing at a server where databases may be
// created. For 1, 2 and 3 server instances (separate processes, as behind a load balancer) on one fresh
// database: CONCURRENCY HTTP clients text in through POST /v1/simulator/inbound, spread over the instances
// (closed loop: the ingest rate); then texts due at OPEN_RATE/s (open loop: the latency from a text's due
// time to its message.created event on a stream socket of ANOTHER instance; with one instance, its own).
// Meanwhile the sequencer's backlog (events committed without a position yet) is sampled every 10 ms.
// Last, the same closed loop on one instance with SQLite, for comparison.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import WebSocket from "ws";
import { createPostgresDatabase, dropPostgresDatabase } from "../tests/support/test-database";

const CONCURRENCY = Number(process.env.CONCURRENCY ?? 32);
const TOTAL = Number(process.env.TOTAL ?? 3000);
const WARMUP = Number(process.env.WARMUP ?? 300);
const NUMBERS = 1000;
const INSTANCE_COUNTS = (process.env.INSTANCES ?? "1,2,3").split(",").map(Number);
const OPEN_RATE = Number(process.env.OPEN_RATE ?? 1000);
const OPEN_TOTAL = Number(process.env.OPEN_TOTAL ?? 3000);
// STATEMENTS=1: the statements PostgreSQL ran per measured text (pg_stat_statements, when the server loads it).
const STATEMENTS = process.env.STATEMENTS === "1";
const SOCKETS = Number(process.env.SOCKETS ?? Math.max(...INSTANCE_COUNTS));
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
const MARK = "bench#";

const freePort = () =>
  new Promise<number>((resolve) => {
    const srv = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });

/** Every instance started, so that a run that fails halfway (an instance that does not start) leaves none behind. */
const spawned = new Set<ChildProcess>();
process.on("exit", () => {
  for (const proc of spawned) if (proc.exitCode === null) proc.kill("SIGTERM");
});

async function startInstance(databaseUrl: string, seed: boolean): Promise<{ url: string; proc: ChildProcess }> {
  const port = await freePort();
  // BENCH_CPU_PROF=<dir>: each instance writes a V8 CPU profile there when it exits (node --cpu-prof).
  const profile = process.env.BENCH_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  const proc = spawn(process.execPath, [...profile, "--import", "tsx", "server/main.ts"], {
    cwd: root,
    stdio: ["ignore", "ignore", fs.openSync(path.join(os.tmpdir(), `sidetext-bench-instance-${port}.log`), "w")],
    env: {
      ...process.env,
      PORT: String(port),
      HOST: "127.0.0.1",
      DATABASE_URL: databaseUrl,
      SIDETEXT_SEED: seed ? "demo" : "none",
      SIDETEXT_SIMULATOR: "on",
      NODE_ENV: "development",
      // Every instance on this machine shares the one media folder (media/media-config.ts).
      SIDETEXT_MEDIA_LOCAL: "allow",
      SIDETEXT_SECRET_KEY: "bench-only-secret-key-bench-only-secret",
    },
  });
  spawned.add(proc);
  const url = `http://127.0.0.1:${port}`;
  // Three minutes: on this machine at load 30 an instance took over a minute to start.
  for (const until = Date.now() + 180_000; Date.now() < until; await new Promise((r) => setTimeout(r, 100))) {
    if (
      await fetch(`${url}/v1/openapi.json`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return { url, proc };
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

/** CPU time (user + system, ms) of processes, from /proc: a measure of cost that the machine's load does not inflate much. */
const cpuMs = (pids: number[]) =>
  pids.reduce((sum, pid) => {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
      const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      return sum + ((Number(f[11]) + Number(f[12])) * 1000) / 100;
    } catch {
      return sum;
    }
  }, 0);
/** Every process of the local PostgreSQL server: the postmaster's children (backends, WAL writer, …). */
async function postgresPids(url: string): Promise<number[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const backend = (await client.query("select pg_backend_pid() as pid")).rows[0].pid as number;
  const ppidOf = (pid: number) => Number(fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ")[1]);
  try {
    // Read while this backend still exists: its parent is the postmaster.
    const postmaster = ppidOf(backend);
    await client.end();
    return fs
      .readdirSync("/proc")
      .filter((d) => /^\d+$/.test(d))
      .map(Number)
      .filter((pid) => {
        try {
          return ppidOf(pid) === postmaster;
        } catch {
          return false;
        }
      });
  } catch {
    await client.end();
    return []; // not on this machine
  }
}

const quantile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
};

async function run(instances: number, engine: "postgres" | "sqlite" = "postgres") {
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

/** pg_stat_statements of the whole server (every database): reset at the start of the measured texts, read after. */
const statements = {
  async run<T>(text: string): Promise<T[]> {
    const client = new pg.Client({ connectionString: process.env.SIDETEXT_TEST_POSTGRES_URL });
    await client.connect();
    try {
      return (await client.query(text)).rows as T[];
    } finally {
      await client.end();
    }
  },
  reset: () => statements.run("select pg_stat_statements_reset()").catch(() => []),
  top: (texts: number) =>
    statements
      .run<{ calls: number; ms: number; query: string }>(
        `select calls::int, total_exec_time::float as ms, left(regexp_replace(query, '\\s+', ' ', 'g'), 110) as query from pg_stat_statements order by calls desc limit 25`,
      )
      .then(async (rows) => {
        // All of them, the backlog sampler's left out (it is the bench's).
        const [all] = await statements.run<{ calls: number }>(
          `select sum(calls)::int as calls from pg_stat_statements where query not like '%clock_timestamp()%'`,
        );
        const lines = rows.map((r) => `    ${(r.calls / texts).toFixed(3)} calls, ${(r.ms / texts).toFixed(3)} ms per text: ${r.query}`);
        return [`    ${(all.calls / texts).toFixed(2)} statements per text in all (the backlog sampler's left out)`, ...lines].join("\n");
      })
      .catch(() => "    (pg_stat_statements is not loaded)"),
};

/**
 * The sequencer's backlog, sampled every 10 ms: how many events are committed without a position, and how
 * long the oldest of them has waited, from the first measured text on (from its createdAt, taken inside the writing transaction, so it also
 * counts the rest of that transaction and its commit).
 */
async function sampleBacklog(url: string, measuring: () => boolean) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const ages: number[] = [];
  const counts: number[] = [];
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      // Named: parsed and planned once (planning was most of its cost).
      const { rows } = await client.query({
        name: "backlog",
        text: `select count(*)::int as n, coalesce(extract(epoch from clock_timestamp() - min("createdAt")::timestamptz) * 1000, 0)::float as age from event where pos is null`,
      });
      // Not the seed's own backlog (thousands of events at start-up): from the measured texts on.
      if (measuring()) {
        counts.push(rows[0].n);
        ages.push(rows[0].age);
      }
      await new Promise((r) => setTimeout(r, 10));
    }
  })();
  const pid = (await client.query<{ pid: number }>("select pg_backend_pid() as pid")).rows[0].pid;
  return {
    pid,
    async stop() {
      stopped = true;
      await loop;
      await client.end();
      return {
        p50Age: quantile(ages, 0.5),
        p99Age: quantile(ages, 0.99),
        maxAge: Math.max(...ages),
        p99Count: quantile(counts, 0.99),
        maxCount: Math.max(...counts),
        samples: ages.length,
      };
    },
  };
}

const ms = (v: number) => `${v.toFixed(0)} ms`;
console.log(`machine: ${os.cpus().length} cores (${os.cpus()[0]?.model ?? "?"}), load average ${os.loadavg()[0].toFixed(1)}, node ${process.version}`);
const settings = await (async () => {
  const client = new pg.Client({ connectionString: process.env.SIDETEXT_TEST_POSTGRES_URL });
  await client.connect();
  const { rows } = await client.query(`select version() as v, current_setting('fsync') as fsync, current_setting('synchronous_commit') as sc`);
  await client.end();
  return `${String(rows[0].v).split(" ").slice(0, 2).join(" ")}, fsync=${rows[0].fsync}, synchronous_commit=${rows[0].sc}`;
})();
console.log(
  `${settings}; ${CONCURRENCY} concurrent HTTP clients and ${SOCKETS} stream sockets (spread over the instances), ${TOTAL} measured inbound texts after ${WARMUP} warm-up, ${NUMBERS} customer numbers; open loop ${OPEN_TOTAL} texts at ${OPEN_RATE}/s`,
);
const rates: number[] = [];
for (const n of INSTANCE_COUNTS) {
  const r = await run(n);
  rates.push(r.rate);
  console.log(
    `${n} instance${n > 1 ? "s" : ""}: ${Math.round(r.rate)} messages/s (closed loop; request → event p50 ${ms(r.p50)}, p99 ${ms(r.p99)}; ${r.lost} not seen); load ${os.loadavg()[0].toFixed(1)}`,
  );
  console.log(
    `  CPU per message (closed loop): servers ${r.cpu.servers.toFixed(2)} ms, PostgreSQL ${r.cpu.postgres.toFixed(2)} ms (its backlog sampler's backend apart: ${r.cpu.sampler.toFixed(2)} ms), load generator ${r.cpu.bench.toFixed(2)} ms; two idle cores would carry about ${Math.round(2000 / (r.cpu.servers + r.cpu.postgres))}/s before the load generator's share, ${Math.round(2000 / (r.cpu.servers + r.cpu.postgres + r.cpu.bench))}/s with it`,
  );
  if (r.topStatements) console.log(`  statements per text (pg_stat_statements, closed loop):\n${r.topStatements}`);
  if (r.open)
    console.log(
      `  open loop at ${OPEN_RATE}/s (achieved ${Math.round(r.open.achieved)}/s): due → event on ${n > 1 ? "another instance's" : "the"} socket p50 ${ms(r.open.p50)}, p99 ${ms(r.open.p99)}, max ${ms(r.open.max)}; ${r.open.lost} not seen`,
    );
  if (r.queue)
    console.log(
      `  sequencer backlog: oldest unnumbered event p50 ${ms(r.queue.p50Age)}, p99 ${ms(r.queue.p99Age)}, max ${ms(r.queue.maxAge)}; events waiting p99 ${r.queue.p99Count}, max ${r.queue.maxCount} (${r.queue.samples} samples)`,
    );
}
if (rates.length > 1)
  console.log(
    `floor: every instance count ≥ the 1-instance rate ${Math.round(rates[0])}/s: ${rates.every((r) => r >= rates[0]) ? "yes" : "NO"} (${rates.map(Math.round).join(" / ")})`,
  );
if (process.env.SQLITE !== "off") {
  const r = await run(1, "sqlite");
  console.log(
    `SQLite, 1 instance: ${Math.round(r.rate)} messages/s (closed loop; request → event p50 ${ms(r.p50)}, p99 ${ms(r.p99)}; ${r.lost} not seen); load ${os.loadavg()[0].toFixed(1)}; server CPU per message ${r.cpu.servers.toFixed(2)} ms, load generator ${r.cpu.bench.toFixed(2)} ms`,
  );
}
