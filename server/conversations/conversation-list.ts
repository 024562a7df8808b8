// The conversation list: filters, search (contact name, phone in any format, message text) and a keyset
// cursor on (last activity, id), newest first. Only inboxes the user is a member of are ever read.
import { z } from "zod";
import type { Contact, Conversation } from "../../src/protocol/entities";
import type { AuthedUser } from "../auth/authenticate";
import { requireMember } from "../auth/permissions";
import type { Executor } from "../db/executor";
import { AppError } from "../errors";
import { findContactsByIds } from "../contacts/contacts.repository";
import { contactsSeenBy, type ProfileReader } from "../contacts/contact-profile";
import { toConversation } from "./conversations.repository";
import { findConversationPage } from "./conversation-list.repository";

export interface ConversationFilter {
  inbox?: string;
  status?: Conversation["status"];
  assignee?: string;
  q?: string;
  tag?: string;
  cursor?: string;
  limit?: number;
}

const CursorKey = z.tuple([z.string(), z.string()]);
const encodeCursor = (at: string, id: string) => Buffer.from(JSON.stringify([at, id])).toString("base64url");
function decodeCursor(cursor: string): [string, string] {
  try {
    return CursorKey.parse(JSON.parse(Buffer.from(cursor, "base64url").toString()));
  } catch {
    throw new AppError("validation_failed", "cursor is not one this server handed out");
  }
}

export async function listConversations(db: Executor, user: AuthedUser, filter: ConversationFilter) {
  const limit = filter.limit ?? 50;
  if (filter.inbox) requireMember(user, filter.inbox, "Inbox");
  const inboxIds = filter.inbox ? [filter.inbox] : user.inboxIds;
  if (inboxIds.length === 0) return { conversations: [], contacts: [], nextCursor: null };

  const rows = await findConversationPage(db, {
    inboxIds,
    status: filter.status,
    assigneeId: filter.assignee === "unassigned" ? null : filter.assignee === "me" ? user.id : filter.assignee,
    q: filter.q?.trim() || undefined,
    tag: filter.tag,
    searcherInboxIds: user.inboxIds,
    after: filter.cursor ? decodeCursor(filter.cursor) : undefined,
    limit: limit + 1,
  });
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  const conversations = page.map(({ activityAt: _at, ...r }) => toConversation(r));
  return {
    conversations,
    contacts: await contactsOf(db, conversations, user),
    nextCursor: rows.length > limit ? encodeCursor(last.activityAt, last.id) : null,
  };
}

/** The contacts of some conversations, each once, as `reader` may see them. */
export async function contactsOf(db: Executor, conversations: Conversation[], reader: ProfileReader): Promise<Contact[]> {
  const ids = [...new Set(conversations.map((c) => c.contactId))];
  if (ids.length === 0) return [];
  return contactsSeenBy(db, reader, await findContactsByIds(db, ids));
}
