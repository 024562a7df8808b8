// Audit export benchmark (issue 18): EVENTS feed events (default 1,000,000) written into a fresh SQLite file
// (bench/audit-export-data.ts), then the real export job (server/audit/audit-export.ts: keyset pages read on the
// export's thread in one snapshot, retention cut, CSV + JSON Lines, SHA-256) over all of them, timed by the wall
// clock (the issue's events/s) and by the process's CPU (every thread; the comparable number on a loaded machine),
// with the process's RSS sampled every 10 ms and the load average at its start and end. Floors in the same run: the
// same rows read by a raw better-sqlite3 iterate (events alone, and the joined SELECT), with and without JSON.parse.
//   npx tsx bench/audit-export.ts [FILE]        (env EVENTS, FORMATS=csv,jsonl; REUSE=1 exports FILE as it is; FLOORS=0)
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import type { AuthedUser } from "../server/auth/authenticate";
import { createExport, readExport } from "../server/audit/audit-export";
import type { ServerContext } from "../server/context";
import { openDatabase } from "../server/db/database";
import { EventBus } from "../server/events/event-bus";
import { generate } from "./audit-export-data";

const EVENTS = Number(process.env.EVENTS ?? 1_000_000);
const FORMATS = (process.env.FORMATS ?? "csv,jsonl").split(",") as Array<"csv" | "jsonl">;
const file = process.argv[2] ?? path.join(fs.mkdtempSync(path.join(os.tmpdir(), "sidetext-audit-bench-")), "audit.db");
const loadavg = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(" ");
const mb = (bytes: number) => `${(bytes / 1024 ** 2).toFixed(0)} MB`;
const rate = (n: number, ms: number) => `${Math.round(n / (ms / 1000)).toLocaleString("en-US")} events/s`;
/** CPU time of this process since `from`: on a loaded machine, the rate per CPU-second is the comparable number. */
const cpuSince = (from: NodeJS.CpuUsage) => {
  const c = process.cpuUsage(from);
  return (c.user + c.system) / 1000;
};
/** CPU seconds of each of this process's threads (Linux /proc: Node 20 has no per-thread CPU of its own), by thread id. */
function threadCpu(): Map<string, { name: string; s: number }> {
  const out = new Map<string, { name: string; s: number }>();
  for (const tid of fs.readdirSync("/proc/self/task")) {
    const stat = fs.readFileSync(`/proc/self/task/${tid}/stat`, "utf8");
    const [utime, stime] = stat
      .slice(stat.lastIndexOf(")") + 2)
      .split(" ")
      .slice(11, 13)
      .map(Number);
    out.set(tid, { name: fs.readFileSync(`/proc/self/task/${tid}/comm`, "utf8").trim(), s: (utime + stime) / 100 });
  }
  return out;
}
/** The threads that used more than a second since `from`: on two free cores the busiest one bounds the wall time. */
function busiestThreads(from: Map<string, { name: string; s: number }>, seen: Map<string, { name: string; s: number }>) {
  for (const [tid, t] of threadCpu()) seen.set(tid, t);
  const used = [...seen].map(([tid, t]) => ({ tid, name: t.name, s: t.s - (from.get(tid)?.s ?? 0) }));
  return used
    .filter((t) => t.s >= 1)
    .sort((a, b) => b.s - a.s)
    .map((t) => `${t.tid === String(process.pid) ? "server's thread" : t.name} ${t.s.toFixed(1)} s`)
    .join(", ");
}
const perCpu = (n: number, from: NodeJS.CpuUsage) => {
  const ms = cpuSince(from);
  return `CPU ${(ms / 1000).toFixed(2)} s = ${rate(n, ms).replace("/s", " per CPU-second")}`;
};

/**
 * Floors: the events alone (what the export reads since it names rows from lookups) and the trail's joined SELECT,
 * by raw better-sqlite3 iterate, with and without JSON.parse.
 */
function floors(database: Awaited<ReturnType<typeof openDatabase>>) {
  const alone = database.sqlite!.prepare(
    `SELECT seq, type, action, actorId, inboxId, conversationId, contactId, data, createdAt FROM event ORDER BY createdAt, seq`,
  );
  for (const parse of [false, true]) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    let n = 0;
    for (const r of alone.iterate() as Iterable<{ data: string }>) {
      if (parse) JSON.parse(r.data);
      n++;
    }
    const ms = performance.now() - t0;
    console.log(
      `floor: raw iterate of the events alone${parse ? " + JSON.parse" : ""}: ${n.toLocaleString("en-US")} rows in ${(ms / 1000).toFixed(2)} s = ${rate(n, ms)}; ${perCpu(n, c0)}`,
    );
  }
  const stmt =
    database.sqlite!.prepare(`SELECT e.*, u.name AS actorName, i.name AS inboxName, l.id AS locationId, l.name AS locationName, c.name AS contactName, c.phoneNumber AS contactPhone, cv.contactId AS cc, nc.name AS ccName, nc.phoneNumber AS ccPhone
    FROM event e LEFT JOIN "user" u ON u.id = e.actorId LEFT JOIN inbox i ON i.id = e.inboxId LEFT JOIN location l ON l.id = i.locationId
    LEFT JOIN contact c ON c.id = e.contactId LEFT JOIN conversation cv ON cv.id = e.conversationId LEFT JOIN contact nc ON nc.id = cv.contactId
    ORDER BY e.createdAt, e.seq`);
  for (const parse of [false, true]) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    let n = 0;
    for (const r of stmt.iterate() as Iterable<{ data: string }>) {
      if (parse) JSON.parse(r.data);
      n++;
    }
    const ms = performance.now() - t0;
    console.log(
      `floor: raw iterate, joined${parse ? " + JSON.parse" : ""}: ${n.toLocaleString("en-US")} rows in ${(ms / 1000).toFixed(2)} s = ${rate(n, ms)}; ${perCpu(n, c0)}`,
    );
  }
}

async function exportAll(database: Awaited<ReturnType<typeof openDatabase>>) {
  process.env.SIDETEXT_EXPORT_DIR ??= fs.mkdtempSync(path.join(os.tmpdir(), "sidetext-audit-bench-out-"));
  const ctx = {
    config: { secretKey: "bench".repeat(8) },
    database,
    bus: new EventBus(),
    log: console,
    cluster: null,
    nudgeDelivery() {},
    onClose() {},
  } as unknown as ServerContext;
  const by = { id: "usr_owner", email: "owner@bench.test", name: "Bench Owner", role: "owner", inboxIds: [] } as AuthedUser;
  global.gc?.();
  const before = process.memoryUsage().rss;
  let peak = before;
  const samples: number[] = [];
  const sampler = setInterval(() => {
    const rss = process.memoryUsage().rss;
    peak = Math.max(peak, rss);
    samples.push(rss);
  }, 10);
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const elu0 = performance.eventLoopUtilization();
  const threads0 = threadCpu();
  // Sampled, not only read at the end: the export's reading thread is gone by then (its last half second is lost).
  const threadsSeen = new Map<string, { name: string; s: number }>();
  const threadSampler = setInterval(() => {
    for (const [tid, t] of threadCpu()) threadsSeen.set(tid, t);
  }, 500);
  const job = await createExport(ctx, by, { from: "2000-01-01T00:00:00.000Z", to: new Date().toISOString(), formats: FORMATS });
  let state = await readExport(ctx, by, job.id);
  // The rate of each tenth of the rows: flat when every page costs the same (keyset pages, no walk from the start).
  const tenths: number[] = [];
  let last = { rows: 0, at: performance.now() };
  while (state.status === "running") {
    await new Promise((r) => setTimeout(r, 20));
    state = await readExport(ctx, by, job.id);
    const { rows, total } = state.progress;
    if (state.status === "running" && rows - last.rows >= total / 10) {
      const at = performance.now();
      tenths.push(Math.round((rows - last.rows) / ((at - last.at) / 1000)));
      last = { rows, at };
    }
  }
  const ms = performance.now() - t0;
  clearInterval(sampler);
  clearInterval(threadSampler);
  if (state.status !== "done" || !state.manifest) throw new Error(`export ${state.status}: ${state.error}`);
  const m = state.manifest;
  const quarter = (q: number) => mb(samples[Math.floor((samples.length - 1) * q)] ?? before);
  console.log(
    `export (${FORMATS.join(" + ")}): ${m.rows.toLocaleString("en-US")} rows in ${(ms / 1000).toFixed(2)} s = ${rate(m.rows, ms)}; ${perCpu(m.rows, c0)}`,
  );
  // How busy the server's thread was: near 100 % means it is the export's bottleneck, lower that the reading thread is.
  const busy = performance.eventLoopUtilization(elu0).utilization;
  console.log(`  CPU by thread: ${busiestThreads(threads0, threadsSeen)}`);
  console.log(`  load average at the end ${loadavg()}; the server's thread busy ${(busy * 100).toFixed(0)} % of the export`);
  console.log(`  by tenths of the rows: ${tenths.map((t) => `${Math.round(t / 1000)}k`).join(" ")} events/s`);
  for (const f of m.files) console.log(`  ${f.name}: ${mb(f.bytes)}, sha256 ${f.sha256}`);
  console.log(
    `RSS: before ${mb(before)}, peak ${mb(peak)} (+${mb(peak - before)}); at 25/50/75/100 % of the run ${quarter(0.25)} / ${quarter(0.5)} / ${quarter(0.75)} / ${quarter(1)}`,
  );
  fs.rmSync(process.env.SIDETEXT_EXPORT_DIR, { recursive: true, force: true });
  writeFloor(
    m.files.reduce((n, f) => n + f.bytes, 0),
    m.rows,
  );
}

/** Floor for the files' side: as many bytes as the export wrote, in 256 kB chunks, SHA-256 and write(2) to a file. */
function writeFloor(bytes: number, rows: number) {
  const out = path.join(os.tmpdir(), `sidetext-audit-bench-floor-${process.pid}`);
  const fd = fs.openSync(out, "w");
  const chunk = Buffer.alloc(256 * 1024, "x");
  const hash = createHash("sha256");
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  for (let left = bytes; left > 0; left -= chunk.length) {
    const part = left < chunk.length ? chunk.subarray(0, left) : chunk;
    hash.update(part);
    fs.writeSync(fd, part);
  }
  fs.closeSync(fd);
  hash.digest();
  const ms = performance.now() - t0;
  fs.rmSync(out, { force: true });
  console.log(
    `floor: hash + write the same ${mb(bytes)} in 256 kB chunks: ${(ms / 1000).toFixed(2)} s = ${rate(rows, ms)} of this export's rows; ${perCpu(rows, c0)}`,
  );
}

const database = process.env.REUSE === "1" && fs.existsSync(file) ? await openDatabase(`sqlite:${file}`) : await generate(file, EVENTS);
console.log(`load average ${loadavg()} on ${os.cpus().length} CPUs`);
// FLOORS=0: the export alone (the floors read the whole table twice, which at 1 M events is minutes on a loaded machine).
const withFloors = process.env.FLOORS !== "0";
if (withFloors) floors(database);
await exportAll(database);
if (withFloors) floors(database);
await database.close();
