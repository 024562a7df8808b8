// Private notes: team-only comments in a thread, never sent to the customer. "@alice" or "@alice@demo.test"
// mentions a teammate who can see the conversation.
import type { Note, User } from "../../src/protocol/entities";
import type { AuthedUser } from "../auth/authenticate";
import type { ServerContext } from "../context";
import { findVisibleConversation } from "../conversations/conversations.service";
import { inTransaction } from "../events/transaction";
import { newId, now } from "../ids";
import { findInboxById } from "../inboxes/inboxes.repository";
import { listUsers } from "../users/users.repository";
import { insertNote } from "./notes.repository";

export async function addNote(ctx: ServerContext, user: AuthedUser, conversationId: string, body: string): Promise<Note> {
  return inTransaction(ctx.database.db, ctx.bus, async (tx) => {
    const conversation = await findVisibleConversation(tx.db, user, conversationId);
    const members = new Set((await findInboxById(tx.db, conversation.inboxId))?.memberIds ?? []);
    const teammates = (await listUsers(tx.db)).filter((u) => members.has(u.id));
    const note: Note = {
      id: newId("note"),
      conversationId: conversation.id,
      inboxId: conversation.inboxId,
      authorId: user.id,
      body,
      mentions: mentionsIn(body, teammates),
      createdAt: now(),
    };
    await insertNote(tx.db, note);
    await tx.emit("note.created", note, { actorId: user.id, action: "created" });
    return note;
  });
}

/** Ids of the users named in the text as @firstname or @email, each once, in order of first mention. */
export function mentionsIn(text: string, users: User[]): string[] {
  const ids: string[] = [];
  for (const [, raw] of text.matchAll(/(?<![\w.])@([\w.+-]+(?:@[\w-]+(?:\.[\w-]+)+)?)/g)) {
    const handle = raw.replace(/\.+$/, "").toLowerCase();
    const user = users.find((u) => u.email.toLowerCase() === handle || u.name.split(/\s+/)[0].toLowerCase() === handle);
    if (user && !ids.includes(user.id)) ids.push(user.id);
  }
  return ids;
}
