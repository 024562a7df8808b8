// Audit export benchmark (issue 18): EVENTS feed events (default 1,000,000) written into a fresh SQLite file
// with prepared statements (100 inboxes in 10 locations, 20,000 contacts and conversations, a realistic mix of
// texts, conversation changes, notes and contact changes over 90 days), then the real export job
// (server/audit/audit-export.ts: keyset pages, retention cut, CSV + JSON Lines, SHA-256) over all of them,
// timed, with the process's RSS sampled every 10 ms. Floors in the same run: the same rows read by a raw
// better-sqlite3 iterate (the export's joined SELECT), and that iterate plus JSON.parse of every entity.
//   npx tsx bench/audit-export.ts [FILE]        (env EVENTS, FORMATS=csv,jsonl; REUSE=1 exports FILE as it is; FLOORS=0)
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { AuthedUser } from "../server/auth/authenticate";
import { createExport, readExport } from "../server/audit/audit-export";
import type { ServerContext } from "../server/context";
import { openDatabase } from "../server/db/database";
import { EventBus } from "../server/events/event-bus";

const EVENTS = Number(process.env.EVENTS ?? 1_000_000);
const FORMATS = (process.env.FORMATS ?? "csv,jsonl").split(",") as Array<"csv" | "jsonl">;
const file = process.argv[2] ?? path.join(fs.mkdtempSync(path.join(os.tmpdir(), "sidetext-audit-bench-")), "audit.db");
const DAY = 86_400_000;
const mb = (bytes: number) => `${(bytes / 1024 ** 2).toFixed(0)} MB`;
const rate = (n: number, ms: number) => `${Math.round(n / (ms / 1000)).toLocaleString("en-US")} events/s`;
/** CPU time of this process since `from`: on a loaded machine, the rate per CPU-second is the comparable number. */
const cpuSince = (from: NodeJS.CpuUsage) => {
  const c = process.cpuUsage(from);
  return (c.user + c.system) / 1000;
};
const perCpu = (n: number, from: NodeJS.CpuUsage) => {
  const ms = cpuSince(from);
  return `CPU ${(ms / 1000).toFixed(2)} s = ${rate(n, ms).replace("/s", " per CPU-second")}`;
};

async function generate() {
  for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
  const database = await openDatabase(`sqlite:${file}`);
  const raw = database.sqlite!;
  raw.pragma("synchronous = OFF"); // generation only: the benchmark measures the export
  const start = Date.now() - 90 * DAY;
  const iso = (ms: number) => new Date(ms).toISOString();
  const t0 = performance.now();
  raw.transaction(() => {
    const user = raw.prepare(`INSERT INTO "user" (id, email, name, role, passwordHash, createdAt) VALUES (?, ?, ?, ?, 'x', ?)`);
    user.run("usr_owner", "owner@bench.test", "Bench Owner", "owner", iso(start));
    for (let i = 0; i < 200; i++) user.run(`usr_${i}`, `agent${i}@bench.test`, `Agent ${i}`, "agent", iso(start));
    const location = raw.prepare(`INSERT INTO location (id, name, regionId, createdAt) VALUES (?, ?, NULL, ?)`);
    for (let l = 0; l < 10; l++) location.run(`loc_${l}`, `Location ${l}`, iso(start));
    const inbox = raw.prepare(
      `INSERT INTO inbox (id, name, phoneNumber, carrier, helpText, credentialsEncrypted, createdAt, locationId) VALUES (?, ?, ?, 'simulator', '', NULL, ?, ?)`,
    );
    for (let i = 0; i < 100; i++) inbox.run(`inb_${i}`, `Inbox ${i}`, `+1415555${String(1000 + i)}`, iso(start), `loc_${i % 10}`);
    const contact = raw.prepare(
      `INSERT INTO contact (id, phoneNumber, name, attributes, optedOutAt, optOutMessageId, createdAt, updatedAt) VALUES (?, ?, ?, '{}', NULL, NULL, ?, ?)`,
    );
    const conversation = raw.prepare(
      `INSERT INTO conversation (id, inboxId, contactId, status, assigneeId, snoozedUntil, lastMessageAt, lastInboundAt, preview, readBy, createdAt, updatedAt) VALUES (?, ?, ?, 'open', NULL, NULL, NULL, NULL, '', '{}', ?, ?)`,
    );
    for (let c = 0; c < 20_000; c++) {
      contact.run(`con_${c}`, `+1650${String(2_000_000 + c)}`, c % 3 ? `Customer ${c}` : null, iso(start), iso(start));
      conversation.run(`cnv_${c}`, `inb_${c % 100}`, `con_${c}`, iso(start), iso(start));
    }
  })();
  const insert = raw.prepare(`INSERT INTO event (type, action, actorId, inboxId, contactId, conversationId, data, createdAt) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
  const step = (90 * DAY) / EVENTS;
  const write = raw.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const c = (i * 7919) % 20_000;
      const [cnv, con, inb] = [`cnv_${c}`, `con_${c}`, `inb_${c % 100}`];
      const at = iso(start + i * step);
      const agent = `usr_${i % 200}`;
      const kind = i % 20;
      if (kind < 12) {
        const inbound = kind % 2 === 0;
        const data = {
          id: `msg_${i}`,
          conversationId: cnv,
          inboxId: inb,
          contactId: con,
          direction: inbound ? "inbound" : "outbound",
          body: `Hi, this is text number ${i} about the appointment on Thursday at 3pm, is that still fine?`,
          media: [],
          status: inbound ? "received" : "delivered",
          errorCode: null,
          errorReason: null,
          authorId: inbound ? null : agent,
          clientId: null,
          createdAt: at,
          updatedAt: at,
        };
        insert.run("message.created", "created", inbound ? null : agent, inb, con, cnv, JSON.stringify(data), at);
      } else if (kind < 17) {
        const data = {
          id: cnv,
          inboxId: inb,
          contactId: con,
          status: "resolved",
          assigneeId: agent,
          snoozedUntil: null,
          lastMessageAt: at,
          lastInboundAt: at,
          preview: `Text number ${i}`,
          readBy: {},
          createdAt: at,
          updatedAt: at,
        };
        insert.run("conversation.updated", kind === 12 ? "assigned" : "resolved", agent, inb, con, cnv, JSON.stringify(data), at);
      } else if (kind < 18) {
        const data = { id: `not_${i}`, conversationId: cnv, inboxId: inb, authorId: agent, body: `Called back about order ${i}`, mentions: [], createdAt: at };
        insert.run("note.created", "created", agent, inb, null, cnv, JSON.stringify(data), at);
      } else {
        const data = {
          id: con,
          phoneNumber: `+1650${String(2_000_000 + c)}`,
          name: `Customer ${c}`,
          attributes: {},
          optedOutAt: null,
          tags: [],
          createdAt: at,
          updatedAt: at,
        };
        insert.run("contact.updated", "updated", agent, null, con, null, JSON.stringify(data), at);
      }
    }
  });
  for (let i = 0; i < EVENTS; i += 50_000) write(i, Math.min(EVENTS, i + 50_000));
  raw.pragma("synchronous = FULL");
  const ms = performance.now() - t0;
  console.log(`generated ${EVENTS.toLocaleString("en-US")} events in ${(ms / 1000).toFixed(1)} s (${rate(EVENTS, ms)}), file ${mb(fs.statSync(file).size)}`);
  return database;
}

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
  if (state.status !== "done" || !state.manifest) throw new Error(`export ${state.status}: ${state.error}`);
  const m = state.manifest;
  const quarter = (q: number) => mb(samples[Math.floor((samples.length - 1) * q)] ?? before);
  console.log(
    `export (${FORMATS.join(" + ")}): ${m.rows.toLocaleString("en-US")} rows in ${(ms / 1000).toFixed(2)} s = ${rate(m.rows, ms)}; ${perCpu(m.rows, c0)}`,
  );
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

const database = process.env.REUSE === "1" && fs.existsSync(file) ? await openDatabase(`sqlite:${file}`) : await generate();
console.log(
  `load average ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(" ")} on ${os.cpus().length} CPUs`,
);
// FLOORS=0: the export alone (the floors read the whole table twice, which at 1 M events is minutes on a loaded machine).
const withFloors = process.env.FLOORS !== "0";
if (withFloors) floors(database);
await exportAll(database);
if (withFloors) floors(database);
await database.close();
