// One conversation's timeline: messages, private notes and activity lines (assignment, status, opt-out),
// newest page first. A page is cut at a time and keeps every item of that exact time, so paging back with
// `before` = the oldest time shown never skips an item that shares it.
import type { Selectable } from "kysely";
import type { Activity } from "../../src/protocol/api";
import type { Conversation } from "../../src/protocol/entities";
import type { Executor } from "../db/executor";
import type { EventTable } from "../db/schema";
import { toNote } from "../notes/notes.repository";
import { toMessage } from "./messages.repository";

interface Range {
  /** Inclusive lower bound. */
  from?: string;
  /** Exclusive upper bound. */
  to?: string;
}

export async function readTimeline(db: Executor, conversation: Conversation, page: { before?: string; limit?: number }) {
  const limit = page.limit ?? 50;
  const to = page.before ? new Date(page.before).toISOString() : undefined;
  // Newest item times below `to`, from all three sources together.
  const newest = async (range: Range, n: number) => {
    const lists = await Promise.all([
      messagesIn(db, conversation, range).select("createdAt").orderBy("createdAt", "desc").limit(n).execute(),
      notesIn(db, conversation, range).select("createdAt").orderBy("createdAt", "desc").limit(n).execute(),
      activitiesIn(db, conversation, range).select("createdAt").orderBy("createdAt", "desc").limit(n).execute(),
    ]);
    return lists
      .flat()
      .map((r) => r.createdAt)
      .sort()
      .reverse();
  };

  const times = await newest({ to }, limit);
  if (times.length === 0) return { messages: [], notes: [], activities: [], hasMore: false };
  const from = times[Math.min(limit, times.length) - 1];

  const [messages, notes, activities] = await Promise.all([
    messagesIn(db, conversation, { from, to }).selectAll().orderBy("createdAt").orderBy("id").execute(),
    notesIn(db, conversation, { from, to }).selectAll().orderBy("createdAt").orderBy("id").execute(),
    activitiesIn(db, conversation, { from, to }).selectAll().orderBy("seq").execute(),
  ]);
  return {
    messages: messages.map(toMessage),
    notes: notes.map(toNote),
    activities: activities.map((r) => toActivity(r, conversation.id)),
    hasMore: (await newest({ to: from }, 1)).length > 0,
  };
}

const messagesIn = (db: Executor, conversation: Conversation, r: Range) => {
  let q = db.selectFrom("message").where("conversationId", "=", conversation.id);
  if (r.from) q = q.where("createdAt", ">=", r.from);
  return r.to ? q.where("createdAt", "<", r.to) : q;
};

const notesIn = (db: Executor, conversation: Conversation, r: Range) => {
  let q = db.selectFrom("note").where("conversationId", "=", conversation.id);
  if (r.from) q = q.where("createdAt", ">=", r.from);
  return r.to ? q.where("createdAt", "<", r.to) : q;
};

/** Audited changes: triage of this conversation (not read positions or preview updates) and the contact's opt-out/in. */
const activitiesIn = (db: Executor, conversation: Conversation, r: Range) => {
  let q = db
    .selectFrom("event")
    .where((eb) =>
      eb.or([
        eb.and([eb("conversationId", "=", conversation.id), eb("type", "=", "conversation.updated"), eb("action", "is not", null), eb("action", "!=", "read")]),
        eb.and([eb("contactId", "=", conversation.contactId), eb("type", "=", "contact.updated"), eb("action", "in", ["opted_out", "opted_in"])]),
      ]),
    );
  if (r.from) q = q.where("createdAt", ">=", r.from);
  return r.to ? q.where("createdAt", "<", r.to) : q;
};

function toActivity(r: Selectable<EventTable>, conversationId: string): Activity {
  const data = JSON.parse(r.data) as { assigneeId?: string | null };
  return { seq: Number(r.seq), conversationId, action: r.action ?? "updated", actorId: r.actorId, assigneeId: data.assigneeId ?? null, createdAt: r.createdAt };
}
