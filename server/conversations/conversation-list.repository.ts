// The conversation list's SQL: a page of conversations in some inboxes, filtered and searched, newest
// activity first, after a keyset position (the rules and the cursor: conversation-list.ts).
import { sql, type SqlBool } from "kysely";
import type { Conversation } from "../../src/protocol/entities";
import { toE164 } from "../../src/core/phone";
import type { Executor } from "../db/executor";
import { introducesContact } from "../contacts/contacts.repository";

export interface ConversationPageQuery {
  inboxIds: readonly string[];
  status?: Conversation["status"];
  /** null: unassigned only. */
  assigneeId?: string | null;
  /** Search text, trimmed; matched against names only through `searcherInboxIds` (contact-profile.ts). */
  q?: string;
  searcherInboxIds: readonly string[];
  /** Only contacts with this tag, where the searcher may see their tags (as for names). */
  tag?: string;
  /** The (activityAt, id) of the last row of the page before. */
  after?: [string, string];
  limit: number;
}

/** A conversation without messages yet sorts by when it was created. */
const activityAt = sql<string>`coalesce(${sql.ref("conversation.lastMessageAt")}, ${sql.ref("conversation.createdAt")})`;

/** `%text%` for LIKE, with the pattern characters taken literally ("!" escapes). */
const containing = (text: string) => `%${text.toLowerCase().replace(/[!%_]/g, (c) => `!${c}`)}%`;

/** Conversation rows with their `activityAt`. */
export async function findConversationPage(db: Executor, page: ConversationPageQuery) {
  let query = db
    .selectFrom("conversation")
    .innerJoin("contact", "contact.id", "conversation.contactId")
    .selectAll("conversation")
    .select(activityAt.as("activityAt"))
    .where("conversation.inboxId", "in", page.inboxIds);
  if (page.status) query = query.where("conversation.status", "=", page.status);
  if (page.assigneeId === null) query = query.where("conversation.assigneeId", "is", null);
  else if (page.assigneeId) query = query.where("conversation.assigneeId", "=", page.assigneeId);
  if (page.q) query = query.where(matching(db, page.searcherInboxIds, page.q));
  if (page.tag) query = query.where(taggedWith(db, page.searcherInboxIds, page.tag));
  if (page.after) {
    const [at, id] = page.after;
    query = query.where(sql<SqlBool>`(${activityAt} < ${at} or (${activityAt} = ${at} and ${sql.ref("conversation.id")} < ${id}))`);
  }
  return query.orderBy(activityAt, "desc").orderBy("conversation.id", "desc").limit(page.limit).execute();
}

/** The contact has `tag` and was introduced to one of the searcher's inboxes (tags are profile: contact-profile.ts). */
function taggedWith(db: Executor, inboxIds: readonly string[], tag: string) {
  const introduced = db
    .selectFrom("conversation as c")
    .select("c.contactId")
    .where("c.inboxId", "in", [...inboxIds])
    .where(introducesContact);
  const tagged = db.selectFrom("contactTag").select("contactTag.contactId").where("contactTag.tag", "=", tag);
  return sql<SqlBool>`(${sql.ref("contact.id")} in (${tagged}) and ${sql.ref("contact.id")} in (${introduced}))`;
}

/**
 * Search: the contact's name (where the user may see it: contact-profile.ts), their number however it is
 * typed, or any message's text.
 */
function matching(db: Executor, inboxIds: readonly string[], q: string) {
  const pattern = containing(q);
  const introduced = db
    .selectFrom("conversation as c")
    .select("c.contactId")
    .where("c.inboxId", "in", [...inboxIds])
    .where(introducesContact);
  const checks = [
    sql<SqlBool>`(lower(coalesce(${sql.ref("contact.name")}, '')) like ${pattern} escape '!' and ${sql.ref("contact.id")} in (${introduced}))`,
    sql<SqlBool>`exists (select 1 from message where message."conversationId" = conversation.id and lower(message.body) like ${pattern} escape '!')`,
  ];
  // Only text that looks like a number is matched against numbers, so "Suite 12" does not find every 12.
  if (/^[\d\s()+.-]+$/.test(q)) {
    const e164 = toE164(q);
    if (e164) checks.push(sql<SqlBool>`${sql.ref("contact.phoneNumber")} = ${e164}`);
    const digits = q.replace(/\D/g, "");
    if (digits.length >= 3) checks.push(sql<SqlBool>`${sql.ref("contact.phoneNumber")} like ${`%${digits}%`}`);
  }
  return sql<SqlBool>`(${sql.join(checks, sql` or `)})`;
}
