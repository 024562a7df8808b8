// The cache's content in the server's shapes (derived index fields and seq removed), for equality checks.
import { fromConversationRow, stripSeq } from "../../src/db/rows";
import type { SidetextDb } from "../../src/db/schema";

const byId = <T extends { id: string }>(a: T, b: T) => a.id.localeCompare(b.id);

export async function cacheState(db: SidetextDb) {
  return {
    conversations: (await db.conversations.toArray()).map(fromConversationRow).sort(byId),
    contacts: (await db.contacts.toArray()).map(stripSeq).sort(byId),
    messages: (await db.messages.toArray()).map(stripSeq).sort(byId),
    notes: (await db.notes.toArray()).map(stripSeq).sort(byId),
    templates: (await db.templates.toArray()).map(stripSeq).sort(byId),
  };
}
