// Generates an analytics benchmark database (issue 18): LOCATIONS locations with one inbox and three agents
// each, and about MESSAGES messages of DAYS days' history planned by server/seed/history-plan.ts (the demo's
// generator), written as real rows and feed events with prepared statements; then the rollups are built by
// the real consumer from that feed (a rebuild), timed. `npx tsx bench/analytics-generate.ts FILE`
// (env LOCATIONS, MESSAGES, DAYS). Also used by bench/analytics.ts.
import fs from "node:fs";
import SQLite from "better-sqlite3";
import { openDatabase } from "../server/db/database";
import { hashPassword } from "../server/auth/passwords";
import { catchUp } from "../server/analytics/consumer";
import { saveTargets } from "../server/analytics/sla.repository";
import { materialise, planDay, seeded } from "../server/seed/history-plan";
import type { ServerContext } from "../server/context";

const DAY_MS = 86_400_000;
/** Messages a planned conversation has on average, measured on history-plan's mix at scale: MESSAGES=10,000,000
 *  with 4.2 here gave 9,000,857 messages and 2 M gave 1,797,521 (both 0.90 of the ask), so 4.2 × 0.9. */
const MESSAGES_PER_CONVERSATION = 3.78;
/** Events a consumer pass folds in the rebuild (the server's passes take 2,000; the rows come out the same). */
const FOLD_BATCH = Number(process.env.FOLD_BATCH ?? 50_000);

export async function generate(file: string, opts: { locations: number; messages: number; days: number; log?: (s: string) => void; foldBatch?: number }) {
  const log = opts.log ?? console.log;
  for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
  // The schema by the server's migrations; then the rows by a connection of our own with no journal, no fsync
  // and no foreign-key checks (generation only: the benchmark measures reads and the consumer, not this load).
  await (await openDatabase(`sqlite:${file}`)).close();
  const raw = new SQLite(file);
  raw.pragma("journal_mode = OFF");
  raw.pragma("synchronous = OFF");
  raw.pragma("cache_size = -262144"); // 256 MB of pages: the bulk insert stays in memory between commits

  const now = Date.now();
  const passwordHash = await hashPassword("bench-password");
  const created = new Date(now - (opts.days + 1) * DAY_MS).toISOString();
  raw
    .prepare(`INSERT INTO "user" (id, email, name, role, passwordHash, createdAt) VALUES (?, ?, ?, ?, ?, ?)`)
    .run("usr_owner", "owner@bench.test", "Bench Owner", "owner", passwordHash, created);
  const inboxes: Array<{ id: string; members: string[] }> = [];
  const addUser = raw.prepare(`INSERT INTO "user" (id, email, name, role, passwordHash, createdAt) VALUES (?, ?, ?, 'agent', ?, ?)`);
  const addLocation = raw.prepare(`INSERT INTO location (id, name, regionId, createdAt) VALUES (?, ?, ?, ?)`);
  const addInbox = raw.prepare(
    `INSERT INTO inbox (id, name, phoneNumber, carrier, helpText, credentialsEncrypted, createdAt, locationId) VALUES (?, ?, ?, 'simulator', '', NULL, ?, ?)`,
  );
  const addMember = raw.prepare(`INSERT INTO inboxMember (inboxId, userId) VALUES (?, ?)`);
  raw.prepare(`INSERT INTO region (id, name, createdAt) VALUES ('reg_east', 'East', ?), ('reg_west', 'West', ?)`).run(created, created);
  raw.transaction(() => {
    for (let l = 0; l < opts.locations; l++) {
      const loc = `loc_b${l}`;
      addLocation.run(loc, `Location ${String(l + 1).padStart(3, "0")}`, l % 2 ? "reg_east" : "reg_west", created);
      const inbox = { id: `inb_b${l}`, members: [0, 1, 2].map((a) => `usr_b${l}_${a}`) };
      addInbox.run(inbox.id, `Line ${l + 1}`, `+1999${String(l).padStart(7, "0")}`, created, loc);
      for (const [a, u] of inbox.members.entries()) {
        addUser.run(u, `agent${l}-${a}@bench.test`, `Agent ${l + 1}.${a + 1}`, passwordHash, created);
        addMember.run(inbox.id, u);
      }
      addMember.run(inbox.id, "usr_owner");
      inboxes.push(inbox);
    }
  })();

  // Bulk load: the secondary indexes of the big tables are dropped while rows go in and built once at the end
  // (one sorted pass each instead of a random B-tree insert per row per index: most of a 10 M load's time).
  const deferred = raw
    .prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ('event', 'message', 'conversation', 'contact')`)
    .all() as Array<{ name: string; sql: string }>;
  for (const ix of deferred) raw.exec(`DROP INDEX "${ix.name}"`);
  const contact = raw.prepare(
    `INSERT INTO contact (id, phoneNumber, name, attributes, optedOutAt, optOutMessageId, createdAt, updatedAt) VALUES (?, ?, ?, '{}', ?, ?, ?, ?)`,
  );
  const conversation = raw.prepare(
    `INSERT INTO conversation (id, inboxId, contactId, status, assigneeId, snoozedUntil, lastMessageAt, lastInboundAt, preview, readBy, createdAt, updatedAt, lastDeliveryFailureAt) VALUES (?, ?, ?, ?, ?, NULL, ?, ?, ?, '{}', ?, ?, ?)`,
  );
  const message = raw.prepare(
    `INSERT INTO message (id, conversationId, inboxId, contactId, direction, body, media, status, errorCode, errorReason, carrierMessageId, authorId, clientId, deliveryOverdue, sendAttempts, nextAttemptAt, createdAt, updatedAt) VALUES (?, ?, ?, ?, ?, ?, '[]', ?, ?, ?, NULL, ?, NULL, 0, 0, NULL, ?, ?)`,
  );
  const event = raw.prepare(`INSERT INTO event (type, action, actorId, inboxId, contactId, conversationId, data, createdAt) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
  const perDay = opts.messages / MESSAGES_PER_CONVERSATION / opts.days / opts.locations;
  let n = 0;
  const nextId = (prefix: string) => `${prefix}_${(n++).toString(36)}`;
  const rnd = seeded(7);
  let messages = 0;
  let events = 0;
  let phone = 0;
  const started = Date.now();
  const today = Math.floor(now / DAY_MS) * DAY_MS;
  for (let d = opts.days; d >= 0; d--) {
    // One day at a time, every location, its events in time order (the feed of a real day): one transaction a day.
    const day: Array<ReturnType<typeof materialise>> = [];
    for (const inbox of inboxes)
      for (const p of planDay(rnd, { ...inbox, perDay, replyMinutes: 6, failRate: 0.02, optOutRate: 0.01 }, today - d * DAY_MS, nextId)) {
        if (p.steps[0].at > now) continue;
        const i = phone++;
        day.push(materialise(p, `+1${200 + Math.floor(i / 1e7)}${String(i % 1e7).padStart(7, "0")}`, now, nextId, { first: 15, reply: 30 }));
      }
    const feed = day.flatMap((m) => m.events).sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0));
    raw.transaction(() => {
      for (const m of day) {
        const c = m.contact;
        contact.run(c.id, c.phoneNumber, c.name, c.optedOutAt, c.optOutMessageId, c.createdAt, c.updatedAt);
        const v = m.conversation;
        conversation.run(
          v.id,
          v.inboxId,
          v.contactId,
          v.status,
          v.assigneeId,
          v.lastMessageAt,
          v.lastInboundAt,
          v.preview,
          v.createdAt,
          v.updatedAt,
          v.lastDeliveryFailureAt,
        );
        for (const x of m.messages)
          message.run(
            x.id,
            x.conversationId,
            x.inboxId,
            x.contactId,
            x.direction,
            x.body,
            x.status,
            x.errorCode,
            x.errorReason,
            x.authorId,
            x.createdAt,
            x.updatedAt,
          );
        messages += m.messages.length;
      }
      for (const e of feed) event.run(e.type, e.action, e.actorId, e.inboxId, e.contactId, e.conversationId, e.data, e.createdAt);
      events += feed.length;
    })();
    if (d % 10 === 0)
      log(`  day -${d}: ${messages.toLocaleString()} messages, ${events.toLocaleString()} events, ${Math.round((Date.now() - started) / 1000)} s`);
  }
  const indexed = Date.now();
  for (const ix of deferred) raw.exec(ix.sql);
  log(`  indexes built in ${Math.round((Date.now() - indexed) / 1000)} s`);
  const generatedS = (Date.now() - started) / 1000;
  raw.pragma("journal_mode = WAL");
  raw.close();
  const database = await openDatabase(`sqlite:${file}`);
  await saveTargets(
    database.db,
    inboxes.map((i) => ({ inboxId: i.id, firstResponseMinutes: 15, replyMinutes: 30, businessHours: false })),
    new Date(now).toISOString(),
  );
  const ctx = { database, log: { error: console.error } } as unknown as ServerContext;
  const t0 = Date.now();
  await catchUp(ctx, () => false, opts.foldBatch ?? FOLD_BATCH);
  const rebuildS = (Date.now() - t0) / 1000;
  database.sqlite!.pragma("wal_checkpoint(TRUNCATE)");
  await database.close();
  return { messages, events, generatedS, rebuildS, rebuildEventsPerS: Math.round(events / rebuildS) };
}

if (process.argv[1]?.endsWith("analytics-generate.ts")) {
  const file = process.argv[2] ?? "/tmp/sidetext-analytics-bench.db";
  const r = await generate(file, {
    locations: Number(process.env.LOCATIONS ?? 100),
    messages: Number(process.env.MESSAGES ?? 1_000_000),
    days: Number(process.env.DAYS ?? 90),
  });
  console.log(JSON.stringify(r));
}
