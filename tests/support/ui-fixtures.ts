// Plain entities for component tests and the popup benchmark: a small team, two inboxes, and as many
// conversations as asked for, shaped like the server's.
import type { Contact, Conversation, Inbox, Message, Note, Template, User } from "../../src/protocol/entities";

export const NOW = Date.parse("2026-11-27T12:00:00.000Z");
export const ago = (minutes: number) => new Date(NOW - minutes * 60_000).toISOString();

export const alice: User = { id: "usr_alice", email: "alice@demo.test", name: "Alice Chen", role: "agent" };
export const bob: User = { id: "usr_bob", email: "bob@demo.test", name: "Bob Rivera", role: "agent" };
export const ada: User = { id: "usr_ada", email: "admin@demo.test", name: "Ada Admin", role: "owner" };
export const users = [alice, bob, ada];

export const mainInbox: Inbox = {
  id: "inb_main",
  name: "Main line",
  phoneNumber: "+14155550100",
  carrier: "simulator",
  helpText: "",
  memberIds: [alice.id, bob.id, ada.id],
  locationId: "loc_main",
  createdAt: ago(99999),
};
export const supportInbox: Inbox = {
  id: "inb_support",
  name: "Support line",
  phoneNumber: "+14155550111",
  carrier: "simulator",
  helpText: "",
  memberIds: [alice.id, ada.id],
  locationId: "loc_main",
  createdAt: ago(99999),
};

export function contact(id: string, phoneNumber: string, name: string | null, extra: Partial<Contact> = {}): Contact {
  const [firstName = "", ...rest] = (name ?? "").split(" ");
  return {
    id,
    phoneNumber,
    name,
    attributes: name ? { firstName, lastName: rest.join(" ") } : {},
    optedOutAt: null,
    optOutMessageId: null,
    createdAt: ago(99999),
    updatedAt: ago(99999),
    ...extra,
  };
}

export function conversation(id: string, c: Contact, extra: Partial<Conversation> = {}): Conversation {
  return {
    id,
    inboxId: mainInbox.id,
    contactId: c.id,
    status: "open",
    assigneeId: null,
    snoozedUntil: null,
    lastMessageAt: ago(10),
    lastInboundAt: ago(10),
    preview: "Hello",
    readBy: {},
    lastDeliveryFailureAt: null,
    createdAt: ago(9999),
    updatedAt: ago(10),
    ...extra,
  };
}

let seq = 0;
export function message(conversationId: string, direction: Message["direction"], body: string, extra: Partial<Message> = {}): Message {
  seq++;
  return {
    id: `msg_${seq}`,
    conversationId,
    inboxId: mainInbox.id,
    contactId: "ct",
    direction,
    body,
    media: [],
    status: direction === "inbound" ? "received" : "delivered",
    errorCode: null,
    errorReason: null,
    carrierMessageId: null,
    authorId: direction === "outbound" ? alice.id : null,
    clientId: null,
    deliveryOverdue: false,
    createdAt: ago(100 - seq / 100),
    updatedAt: ago(100 - seq / 100),
    ...extra,
  };
}

export function note(conversationId: string, body: string, authorId = bob.id): Note {
  seq++;
  return { id: `note_${seq}`, conversationId, inboxId: mainInbox.id, authorId, body, mentions: [], createdAt: ago(100 - seq / 100) };
}

export const templates: Template[] = [
  {
    id: "tpl_hi",
    name: "Greeting",
    body: "Hi {{contact.firstName}}, this is {{agent.firstName}}. How can I help?",
    inboxId: null,
    shortcut: "hi",
    media: [],
    createdAt: ago(999),
    updatedAt: ago(999),
  },
  {
    id: "tpl_quote",
    name: "Quote ready",
    body: "Hi {{contact.firstName}}, the quote for {{record.company}} is ready.",
    inboxId: null,
    shortcut: "quote",
    media: [],
    createdAt: ago(999),
    updatedAt: ago(999),
  },
  {
    id: "tpl_reset",
    name: "Password reset",
    body: "Reset it under Forgot password.",
    inboxId: supportInbox.id,
    shortcut: "reset",
    media: [],
    createdAt: ago(999),
    updatedAt: ago(999),
  },
];

const FIRST = ["Maria", "James", "Priya", "Daniel", "Sophie", "Michael", "Olivia", "Ethan", "Emma", "Noah", "Liam", "Chloe"];
const LAST = ["Garcia", "Wilson", "Patel", "Kim", "Turner", "Brown", "Johnson", "Lee", "Davis", "Martinez"];
const STATUSES = ["open", "open", "open", "pending", "snoozed", "resolved"] as const;

/** `n` conversations with their contacts, spread over statuses, assignees and both inboxes. */
export function manyConversations(n: number): { conversations: Conversation[]; contacts: Record<string, Contact> } {
  const conversations: Conversation[] = [];
  const contacts: Record<string, Contact> = {};
  for (let i = 0; i < n; i++) {
    const phone = `+1212${String(5550000 + i).padStart(7, "0")}`;
    const name = i % 7 === 0 ? null : `${FIRST[i % FIRST.length]} ${LAST[(i * 7) % LAST.length]} ${i}`;
    const c = contact(`ct_${i}`, phone, name);
    contacts[c.id] = c;
    conversations.push(
      conversation(`cv_${i}`, c, {
        status: STATUSES[i % STATUSES.length],
        assigneeId: [null, alice.id, bob.id][i % 3],
        inboxId: i % 4 === 0 ? supportInbox.id : mainInbox.id,
        lastMessageAt: ago(i),
        lastInboundAt: ago(i + (i % 2)),
        preview: `Message number ${i} about order #${1000 + i}`,
      }),
    );
  }
  return { conversations, contacts };
}
