// Who is pushed for each new inbound text, read from the event feed after commit (never on the inbound
// path). The feed is the outbox: `pushCursor` says how far it was read; one batch's jobs are stored in the
// same transaction that moves the cursor, and only if the cursor still stands where it was read
// (push-jobs.repository.ts: advanceCursor). Several instances (PostgreSQL) may all read a stretch; exactly
// one moves the cursor and stores its jobs, the others' transactions store nothing. A crash before that
// commit leaves the cursor where it was: the stretch is read again, nothing is lost. Jobs are unique per
// (message, device) as well, so no path can push one text twice to one device from the fan-out.
import type { Message } from "../../src/protocol/entities";
import type { PushPayload } from "../../src/protocol/push";
import type { ServerContext } from "../context";
import { createHash } from "node:crypto";
import { formatPhone } from "../../src/core/phone";
import { findContactById } from "../contacts/contacts.repository";
import { readWorkspaceSettings } from "../workspace/settings.repository";
import { previewOf } from "../messages/preview";
import { now } from "../ids";
import { advanceCursor, feedHead, messagesBetween, pushCursor, type Claim, type NewPushJob } from "./push-jobs.repository";
import { recipientsOf } from "./push.repository";
import { isQuiet } from "./quiet-hours";

const BATCH = 500;
/** A text older than this when first read (the server was down, or far behind) is in the inbox, not pushed. */
const STALE_MS = 15 * 60_000;

/** Reads the feed past the cursor; returns how many jobs it stored (0 also when another instance won). */
export async function fanOutPushes(ctx: ServerContext, claim: Claim, at = () => new Date()): Promise<number> {
  const { db } = ctx.database;
  const from = await pushCursor(db);
  const head = await feedHead(db);
  if (head <= from) return 0;
  const rows = await messagesBetween(db, from, head, BATCH);
  const to = rows.length === BATCH ? rows[rows.length - 1].position : head;
  const settings = await readWorkspaceSettings(db);
  const jobs: NewPushJob[] = [];
  const fresh = rows.map((r) => r.message).filter((m) => m.direction === "inbound" && at().getTime() - Date.parse(m.createdAt) <= STALE_MS);
  const everyRecipient = await recipientsOf(db, [...new Set(fresh.map((m) => m.conversationId))]);
  for (const message of fresh) {
    const recipients = everyRecipient.filter((r) => r.conversationId === message.conversationId);
    const awake = recipients.filter((r) => !isQuiet(r.quietStart ? { start: r.quietStart, end: r.quietEnd!, timeZone: r.quietTimeZone! } : null, at()));
    if (awake.length === 0) continue;
    const contact = await findContactById(db, message.contactId);
    const title = contact?.name?.trim() || formatPhone(contact?.phoneNumber ?? "", settings.defaultCountry) || "A customer";
    const body = settings.hidePushPreview ? "New message" : previewOf(message) || "New message";
    for (const r of awake) {
      jobs.push({
        messageId: message.id,
        subscriptionId: r.subscriptionId,
        topic: topicOf(message),
        payload: JSON.stringify(payloadFor(message, r.userId, title, body)),
      });
    }
  }
  return (await advanceCursor(db, from, to, jobs, claim)) ? jobs.length : 0;
}

function payloadFor(message: Message, userId: string, title: string, body: string): PushPayload {
  return {
    type: "message",
    conversationId: message.conversationId,
    messageId: message.id,
    userId,
    title,
    body,
    url: `/#/c/${encodeURIComponent(message.conversationId)}`,
    actions: [
      { action: "reply", title: "Reply" },
      { action: "assign", title: "Assign to me" },
    ],
    sentAt: now(),
  };
}

/**
 * The Topic header (RFC 8030): a push service keeps only the newest undelivered push per topic, so a burst of
 * texts on one conversation reaches an offline phone as one notification. At most 32 base64url characters.
 */
export const topicOf = (message: Pick<Message, "conversationId">) => createHash("sha256").update(message.conversationId).digest("base64url").slice(0, 32);
