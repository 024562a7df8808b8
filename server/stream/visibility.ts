// Who may receive a live event, answered from memory: the stream checks every event against every socket,
// so the inbox of each conversation and the inboxes holding each contact are kept here, loaded once and
// then followed from the events themselves (conversations never move between inboxes). So are the inboxes
// each contact was introduced to, which may see its name and attributes (contacts/contact-profile.ts).
import type { SidetextEvent } from "../../src/protocol/events";
import type { Executor } from "../db/executor";
import { mayRead, type Reader } from "../events/feed";
import { withoutProfile } from "../contacts/contact-profile";
import { conversationPlaces } from "../conversations/conversations.repository";

export class StreamVisibility {
  private inboxOfConversation = new Map<string, string>();
  private inboxesOfContact = new Map<string, string[]>();
  private introducedTo = new Map<string, Set<string>>();

  async load(db: Executor) {
    // Oldest first: a contact's first conversation is the one that introduced it.
    const rows = await conversationPlaces(db);
    for (const row of rows) this.addConversation(row.id, row.inboxId, row.contactId, row.lastInboundAt !== null);
  }

  /** Learns new conversations from a committed batch, before the batch is filtered. */
  observe(events: SidetextEvent[]) {
    for (const event of events) {
      if (event.type === "conversation.created" || event.type === "conversation.updated") {
        this.addConversation(event.data.id, event.data.inboxId, event.data.contactId, event.data.lastInboundAt !== null);
      }
    }
  }

  /** The event as `reader` may see it (a contact without its profile where not introduced), or null. */
  seenBy(reader: Reader, event: SidetextEvent): SidetextEvent | null {
    if (!this.mayRead(reader, event)) return null;
    if (event.type !== "contact.updated") return event;
    const introduced = this.introducedTo.get(event.data.id);
    if (introduced && reader.inboxIds.some((id) => introduced.has(id))) return event;
    return { ...event, data: withoutProfile(event.data) };
  }

  inboxOf(conversationId: string): string | undefined {
    return this.inboxOfConversation.get(conversationId);
  }

  mayRead(reader: Reader, event: SidetextEvent): boolean {
    return mayRead(reader, event, (contactId) => this.inboxesOfContact.get(contactId) ?? []);
  }

  private addConversation(id: string, inboxId: string, contactId: string, texted: boolean) {
    let introduced = this.introducedTo.get(contactId);
    if (!introduced) {
      introduced = new Set([inboxId]); // its first conversation
      this.introducedTo.set(contactId, introduced);
    }
    if (texted) introduced.add(inboxId);
    // Same inbox: nothing new. Another one: transferred to another location (locations/transfer.ts).
    if (this.inboxOfConversation.get(id) === inboxId) return;
    this.inboxOfConversation.set(id, inboxId);
    const inboxes = this.inboxesOfContact.get(contactId);
    if (!inboxes) this.inboxesOfContact.set(contactId, [inboxId]);
    else if (!inboxes.includes(inboxId)) inboxes.push(inboxId);
  }
}
