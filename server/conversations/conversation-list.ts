// The conversation list: filters, search (contact name, phone in any format, message text) and a keyset
// cursor on (last activity, id), newest first. Only inboxes the user is a member of are ever read.
import { sql, type SqlBool } from "kysely";
import { z } from "zod";
import type { Contact, Conversation } from "../../src/protocol/entities";
import { toE164 } from "../../src/core/phone";
import type { AuthedUser } from "../auth/authenticate";
import { requireMember } from "../auth/permissions";
import type { Executor } from "../db/executor";
import { AppError } from "../errors";
import { toContact } from "../contacts/contacts.repository";
import { contactsSeenBy, introducesContact, type ProfileReader } from "../contacts/contact-profile";
import { toConversation } from "./conversations.repository";

export interface ConversationFilter {
  inbox?: string;
  status?: Conversation["status"];
  assignee?: string;
  q?: string;
  cursor?: string;
  limit?: number;
}

/** A conversation without messages yet sorts by when it was created. */
const activityAt = sql<string>`coalesce(${sql.ref("conversation.lastMessageAt")}, ${sql.ref("conversation.createdAt")})`;

const CursorKey = z.tuple([z.string(), z.string()]);
const encodeCursor = (at: string, id: string) => Buffer.from(JSON.stringify([at, id])).toString("base64url");
function decodeCursor(cursor: string): [string, string] {
  try {
    return CursorKey.parse(JSON.parse(Buffer.from(cursor, "base64url").toString()));
  } catch {
    throw new AppError("validation_failed", "cursor is not one this server handed out");
  }
}

/** `%text%` for LIKE, with the pattern characters taken literally ("!" escapes). */
const containing = (text: string) => `%${text.toLowerCase().replace(/[!%_]/g, (c) => `!${c}`)}%`;

export async function listConversations(db: Executor, user: AuthedUser, filter: ConversationFilter) {
  const limit = filter.limit ?? 50;
  if (filter.inbox) requireMember(user, filter.inbox, "Inbox");
  const inboxIds = filter.inbox ? [filter.inbox] : user.inboxIds;
  if (inboxIds.length === 0) return { conversations: [], contacts: [], nextCursor: null };

  let query = db
    .selectFrom("conversation")
    .innerJoin("contact", "contact.id", "conversation.contactId")
    .selectAll("conversation")
    .select(activityAt.as("activityAt"))
    .where("conversation.inboxId", "in", inboxIds);
  if (filter.status) query = query.where("conversation.status", "=", filter.status);
  if (filter.assignee === "unassigned") query = query.where("conversation.assigneeId", "is", null);
  else if (filter.assignee) query = query.where("conversation.assigneeId", "=", filter.assignee === "me" ? user.id : filter.assignee);
  const q = filter.q?.trim();
  if (q) query = query.where(matching(db, user, q));
  if (filter.cursor) {
    const [at, id] = decodeCursor(filter.cursor);
    query = query.where(sql<SqlBool>`(${activityAt} < ${at} or (${activityAt} = ${at} and ${sql.ref("conversation.id")} < ${id}))`);
  }
  const rows = await query.orderBy(activityAt, "desc").orderBy("conversation.id", "desc").limit(limit + 1).execute();
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  const conversations = page.map(({ activityAt: _at, ...r }) => toConversation(r));
  return {
    conversations,
    contacts: await contactsOf(db, conversations, user),
    nextCursor: rows.length > limit ? encodeCursor(last.activityAt, last.id) : null,
  };
}

/**
 * Search: the contact's name (where the user may see it: contact-profile.ts), their number however it is
 * typed, or any message's text.
 */
function matching(db: Executor, user: ProfileReader, q: string) {
  const pattern = containing(q);
  const introduced = db.selectFrom("conversation as c").select("c.contactId").where("c.inboxId", "in", [...user.inboxIds]).where(introducesContact);
  const checks = [
    sql<SqlBool>`(lower(coalesce(${sql.ref("contact.name")}, '')) like ${pattern} escape '!' and ${sql.ref("contact.id")} in (${introduced}))`,
    sql<SqlBool>`exists (select 1 from message where message."conversationId" = conversation.id and lower(message.body) like ${pattern} escape '!')`,
  ];
  // Only text that looks like a number is matched against numbers, so "Suite 12" does not find every 12.
  if (/^[\d\s()+.\-]+$/.test(q)) {
    const e164 = toE164(q);
    if (e164) checks.push(sql<SqlBool>`${sql.ref("contact.phoneNumber")} = ${e164}`);
    const digits = q.replace(/\D/g, "");
    if (digits.length >= 3) checks.push(sql<SqlBool>`${sql.ref("contact.phoneNumber")} like ${`%${digits}%`}`);
  }
  return sql<SqlBool>`(${sql.join(checks, sql` or `)})`;
}

/** The contacts of some conversations, each once, as `reader` may see them. */
export async function contactsOf(db: Executor, conversations: Conversation[], reader: ProfileReader): Promise<Contact[]> {
  const ids = [...new Set(conversations.map((c) => c.contactId))];
  if (ids.length === 0) return [];
  const rows = [];
  // Chunked: SQLite allows a limited number of bound parameters per statement.
  for (let i = 0; i < ids.length; i += 500) rows.push(...(await db.selectFrom("contact").selectAll().where("id", "in", ids.slice(i, i + 500)).execute()));
  return contactsSeenBy(db, reader, rows.map(toContact));
}
