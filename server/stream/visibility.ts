// Who may receive a live event, answered from memory: the stream checks every event against every socket,
// so the inbox of each conversation and the inboxes holding each contact are kept here, loaded once and
// then followed from the events themselves (conversations never move between inboxes).
import type { SidetextEvent } from "../../src/protocol/events";
import type { Executor } from "../db/executor";
import { mayRead, type Reader } from "../events/feed";

export class StreamVisibility {
  private inboxOfConversation = new Map<string, string>();
  private inboxesOfContact = new Map<string, string[]>();

  async load(db: Executor) {
    const rows = await db.selectFrom("conversation").select(["id", "inboxId", "contactId"]).execute();
    for (const row of rows) this.addConversation(row.id, row.inboxId, row.contactId);
  }

  /** Learns new conversations from a committed batch, before the batch is filtered. */
  observe(events: SidetextEvent[]) {
    for (const event of events) {
      if (event.type === "conversation.created" || event.type === "conversation.updated") {
        this.addConversation(event.data.id, event.data.inboxId, event.data.contactId);
      }
    }
  }

  inboxOf(conversationId: string): string | undefined {
    return this.inboxOfConversation.get(conversationId);
  }

  mayRead(reader: Reader, event: SidetextEvent): boolean {
    return mayRead(reader, event, (contactId) => this.inboxesOfContact.get(contactId) ?? []);
  }

  private addConversation(id: string, inboxId: string, contactId: string) {
    if (this.inboxOfConversation.has(id)) return;
    this.inboxOfConversation.set(id, inboxId);
    const inboxes = this.inboxesOfContact.get(contactId);
    if (!inboxes) this.inboxesOfContact.set(contactId, [inboxId]);
    else if (!inboxes.includes(inboxId)) inboxes.push(inboxId);
  }
}
