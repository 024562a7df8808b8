import type { Selectable } from "kysely";
import type { Note } from "../../src/protocol/entities";
import type { Executor } from "../db/executor";
import type { NoteTable } from "../db/schema";

export const toNote = (r: Selectable<NoteTable>): Note => ({
  id: r.id,
  conversationId: r.conversationId,
  inboxId: r.inboxId,
  authorId: r.authorId,
  body: r.body,
  mentions: JSON.parse(r.mentions),
  createdAt: r.createdAt,
});

export async function insertNote(db: Executor, note: Note): Promise<void> {
  await db
    .insertInto("note")
    .values({ ...note, mentions: JSON.stringify(note.mentions) })
    .execute();
}
