// The floor to compare against: the same rows as one inbound message (duplicate check, contact and
// conversation upsert, message insert, two events) written through better-sqlite3 prepared statements,
// one transaction each, with the server's pragmas (WAL, synchronous=FULL unless `synchronous` says otherwise).
import { randomBytes } from "node:crypto";
import { openDatabase } from "../server/db/database";

export async function rawInsertRate(file: string, count: number, numbers: number, synchronous = "FULL"): Promise<number> {
  const database = await openDatabase(`sqlite:${file}`);
  const db = database.sqlite!;
  db.pragma(`synchronous = ${synchronous}`);
  const at = () => new Date().toISOString();
  const id = (p: string) => `${p}_${randomBytes(12).toString("base64url")}`;
  db.prepare(
    "INSERT INTO inbox (id, name, phoneNumber, carrier, helpText, credentialsEncrypted, createdAt) VALUES ('inb_raw', 'Raw', '+14155550100', 'simulator', '', NULL, ?)",
  ).run(at());

  const findByCarrierId = db.prepare("SELECT id FROM message WHERE inboxId = ? AND carrierMessageId = ?");
  const findContact = db.prepare("SELECT * FROM contact WHERE phoneNumber = ?");
  const insertContact = db.prepare(
    "INSERT INTO contact (id, phoneNumber, name, attributes, optedOutAt, optOutMessageId, createdAt, updatedAt) VALUES (?, ?, NULL, '{}', NULL, NULL, ?, ?)",
  );
  const findConversation = db.prepare("SELECT * FROM conversation WHERE inboxId = ? AND contactId = ?");
  const insertConversation = db.prepare(
    "INSERT INTO conversation (id, inboxId, contactId, status, assigneeId, snoozedUntil, lastMessageAt, lastInboundAt, preview, readBy, createdAt, updatedAt) VALUES (?, ?, ?, 'open', NULL, NULL, ?, ?, ?, '{}', ?, ?)",
  );
  const updateConversation = db.prepare("UPDATE conversation SET lastMessageAt = ?, lastInboundAt = ?, preview = ?, updatedAt = ? WHERE id = ?");
  const insertMessage = db.prepare(
    "INSERT INTO message (id, conversationId, inboxId, contactId, direction, body, media, status, errorCode, errorReason, carrierMessageId, authorId, clientId, deliveryOverdue, sendAttempts, nextAttemptAt, createdAt, updatedAt) VALUES (?, ?, ?, ?, 'inbound', ?, '[]', 'received', NULL, NULL, ?, NULL, NULL, 0, 0, NULL, ?, ?)",
  );
  const insertEvent = db.prepare(
    "INSERT INTO event (type, action, actorId, inboxId, contactId, conversationId, data, createdAt) VALUES (?, ?, NULL, ?, ?, ?, ?, ?)",
  );

  const ingest = db.transaction((n: number) => {
    const now = at();
    const phone = `+1415555${String(2000 + (n % numbers)).padStart(4, "0")}`;
    const carrierId = `SIM${n}`;
    if (findByCarrierId.get("inb_raw", carrierId)) return;
    let contact = findContact.get(phone) as { id: string } | undefined;
    if (!contact) {
      contact = { id: id("ct") };
      insertContact.run(contact.id, phone, now, now);
      insertEvent.run("contact.updated", "created", null, contact.id, null, JSON.stringify({ id: contact.id, phoneNumber: phone }), now);
    }
    const body = `Inbound message number ${n}`;
    let conversation = findConversation.get("inb_raw", contact.id) as Record<string, unknown> | undefined;
    const messageId = id("msg");
    insertMessage.run(messageId, conversation?.id ?? "pending", "inb_raw", contact.id, body, carrierId, now, now);
    insertEvent.run(
      "message.created",
      "created",
      "inb_raw",
      contact.id,
      conversation?.id ?? null,
      JSON.stringify({ id: messageId, body, createdAt: now }),
      now,
    );
    if (!conversation) {
      conversation = { id: id("conv") };
      insertConversation.run(conversation.id, "inb_raw", contact.id, now, now, body, now, now);
    } else updateConversation.run(now, now, body, now, conversation.id);
    insertEvent.run("conversation.updated", null, "inb_raw", contact.id, conversation.id, JSON.stringify({ ...conversation, preview: body }), now);
  });

  db.pragma("foreign_keys = OFF"); // the "pending" placeholder above: only the cost matters here
  for (let n = 0; n < 500; n++) ingest(n); // warm-up
  const started = performance.now();
  for (let n = 500; n < 500 + count; n++) ingest(n);
  const rate = count / ((performance.now() - started) / 1000);
  await database.close();
  return rate;
}
