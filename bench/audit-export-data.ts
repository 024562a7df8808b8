// The audit export benchmark's data (bench/audit-export.ts): EVENTS feed events written into a fresh SQLite file with
// prepared statements: 100 inboxes in 10 locations, 200 agents, 20,000 contacts and conversations, and a realistic
// mix over 90 days (60 % texts, 25 % conversation changes, 5 % notes, 10 % contact changes).
import fs from "node:fs";
import { openDatabase } from "../server/db/database";

const DAY = 86_400_000;
const mb = (bytes: number) => `${(bytes / 1024 ** 2).toFixed(0)} MB`;

export async function generate(file: string, EVENTS: number) {
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
  console.log(
    `generated ${EVENTS.toLocaleString("en-US")} events in ${(ms / 1000).toFixed(1)} s (${Math.round(EVENTS / (ms / 1000)).toLocaleString("en-US")} events/s), file ${mb(fs.statSync(file).size)}`,
  );
  return database;
}
