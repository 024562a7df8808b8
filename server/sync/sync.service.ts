// How a client's cache starts and stays current: a bootstrap snapshot with the cursor it is valid at, then
// the feed of events after that cursor. Both show only what the user may see.
import type { AuthedUser } from "../auth/authenticate";
import type { Executor } from "../db/executor";
import { readFeed } from "../events/feed";
import { headSeq } from "../events/events.repository";
import { contactsOf } from "../conversations/conversation-list";
import { eventsSeenBy } from "../contacts/contact-profile";
import { recentConversations } from "../conversations/conversations.repository";
import { findInboxes } from "../inboxes/inboxes.repository";
import { listTemplates } from "../templates/templates.repository";
import { listUsers, toUser } from "../users/users.repository";
import { assertCursorValid } from "./retention";

export async function bootstrap(db: Executor, user: AuthedUser, limit: number) {
  // The cursor is read before the snapshot: a change made meanwhile is both in the snapshot and replayed
  // after the cursor (events are upserts), never missed.
  const cursor = await headSeq(db);
  const conversations = await recentConversations(db, user.inboxIds, limit);
  return {
    cursor,
    me: toUser(user),
    users: await listUsers(db),
    inboxes: await findInboxes(db, user.inboxIds),
    templates: await listTemplates(db, user.inboxIds),
    conversations,
    contacts: await contactsOf(db, conversations, user),
  };
}

/** One page of the feed after `after` (410 cursor_expired when the feed no longer reaches back to it). */
export async function syncPage(db: Executor, user: AuthedUser, after: number, limit: number) {
  await assertCursorValid(db, after);
  const page = await readFeed(db, user, after, limit);
  return { ...page, events: await eventsSeenBy(db, user, page.events) }; // contacts' profiles: contact-profile.ts
}
