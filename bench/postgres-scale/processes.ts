// The processes of the PostgreSQL scale-out bench (bench/postgres-scale.ts): server instances started as separate
// processes (as behind a load balancer), and the CPU time of processes read from /proc.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

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

export async function startInstance(databaseUrl: string, seed: boolean): Promise<{ url: string; proc: ChildProcess }> {
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

/** CPU time (user + system, ms) of processes, from /proc: a measure of cost that the machine's load does not inflate much. */
export const cpuMs = (pids: number[]) =>
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
export async function postgresPids(url: string): Promise<number[]> {
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
