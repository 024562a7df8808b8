// SIDETEXT_SEED=demo: a small workspace to try Sidetext with. Idempotent (nothing happens once
// admin@demo.test exists) and written through inTransaction with events, so replaying the feed from 0
// reproduces what the API shows.
import type { Contact, Conversation, Message, Note } from "../../src/protocol/entities";
import type { ServerContext } from "../context";
import { inTransaction, type Tx } from "../events/transaction";
import { hashPassword } from "../auth/passwords";
import { insertUser, userIdByEmail } from "../users/users.repository";
import { addMembers, insertInbox } from "../inboxes/inboxes.repository";
import { insertContact } from "../contacts/contacts.repository";
import { insertConversation } from "../conversations/conversations.repository";
import { insertSettledMessage } from "../messages/messages.repository";
import { insertNote } from "../notes/notes.repository";
import { insertTemplate } from "../templates/templates.repository";
import { seedDemoAutomations } from "../automations/demo-rules";
import { seedDemoHistory } from "./demo-history";
import { seedDemoLocations } from "./demo-locations";
import { newId } from "../ids";
import { demoContacts, demoTemplates, optedOutContact } from "./demo-data";
import { demoConversations, type DemoConversation } from "./demo-threads";

const DEMO_PASSWORD = "sidetext-demo";

const users = {
  admin: { email: "admin@demo.test", name: "Ada Admin", role: "owner" },
  alice: { email: "alice@demo.test", name: "Alice Chen", role: "agent" },
  bob: { email: "bob@demo.test", name: "Bob Rivera", role: "agent" },
} as const;
type Who = keyof typeof users;

const inboxes = {
  main: {
    name: "Main line",
    phoneNumber: "+14155550100",
    members: ["admin", "alice", "bob"] as Who[],
    helpText: "Sidetext Main line: reply with your question and a teammate will answer. Reply STOP to opt out.",
  },
  support: {
    name: "Support line",
    phoneNumber: "+14155550111",
    members: ["admin", "alice"] as Who[],
    helpText: "Sidetext Support: reply with your question and we'll answer within one business day.",
  },
};

const ago = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

export async function seedDemo(ctx: ServerContext, options = { history: true }): Promise<void> {
  const { db } = ctx.database;
  if (await userIdByEmail(db, users.admin.email)) return;
  // One hash for all three: scrypt is slow on purpose, and the demo password is public anyway.
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await inTransaction(db, ctx.bus, async (tx) => {
    const createdAt = ago(60 * 24 * 30);
    const userIds = {} as Record<Who, string>;
    for (const who of Object.keys(users) as Who[]) {
      userIds[who] = (await insertUser(tx.db, { ...users[who], passwordHash, createdAt })).id;
    }
    const inboxIds = {} as Record<keyof typeof inboxes, string>;
    for (const [key, inbox] of Object.entries(inboxes) as Array<[keyof typeof inboxes, (typeof inboxes)["main"]]>) {
      inboxIds[key] = newId("inb");
      const { members, ...row } = inbox;
      await insertInbox(tx.db, { id: inboxIds[key], ...row, carrier: "simulator", credentialsEncrypted: null, createdAt });
      await addMembers(
        tx.db,
        inboxIds[key],
        members.map((m) => userIds[m]),
      );
    }
    const contacts = new Map<string, Contact>();
    const optOutMessageId = newId("msg");
    for (const d of demoContacts) {
      const optedOut = d.key === optedOutContact;
      const contact: Contact = {
        id: newId("ct"),
        phoneNumber: d.phone,
        name: `${d.firstName} ${d.lastName}`,
        attributes: { firstName: d.firstName, lastName: d.lastName, company: d.company, email: d.email, city: d.city },
        optedOutAt: optedOut ? ago(7190) : null,
        optOutMessageId: optedOut ? optOutMessageId : null,
        createdAt,
        updatedAt: createdAt,
      };
      await insertContact(tx.db, contact);
      await tx.emit("contact.updated", contact, { action: "created" });
      contacts.set(d.key, contact);
    }
    for (const d of demoConversations) {
      const contact = contacts.get(d.contact)!;
      const ids = { inboxId: inboxIds[d.inbox], contactId: contact.id, userIds, optOutMessageId: contact.optOutMessageId };
      await seedConversation(tx, d, ids);
    }
    for (const t of demoTemplates) {
      const template = {
        id: newId("tpl"),
        name: t.name,
        body: t.body,
        inboxId: t.inbox ? inboxIds[t.inbox] : null,
        shortcut: t.shortcut,
        media: [],
        createdAt,
        updatedAt: createdAt,
      };
      await insertTemplate(tx.db, template);
      await tx.emit("template.created", template, { actorId: userIds.admin, action: "created" });
    }
    await seedDemoAutomations(tx.db, inboxIds.main, createdAt);
    await seedDemoLocations(tx, passwordHash, createdAt, { mainLine: inboxIds.main });
  });
  if (options.history) await seedDemoHistory(ctx);
}

interface SeedIds {
  inboxId: string;
  contactId: string;
  userIds: Record<Who, string>;
  optOutMessageId: string | null;
}

/** When the thread's latest outbound text failed, unless a later outbound one got through. */
function lastDeliveryFailure(d: DemoConversation): string | null {
  const last = [...d.messages].reverse().find((m) => m[0] === "out");
  return last?.[3] === "failed" ? ago(last[2]) : null;
}

/** One thread: the conversation in its final state, then its messages and note, each with its event. */
async function seedConversation(tx: Tx, d: DemoConversation, ids: SeedIds) {
  const first = d.messages[0];
  const last = d.messages[d.messages.length - 1];
  const lastInbound = [...d.messages].reverse().find((m) => m[0] === "in");
  const conversation: Conversation = {
    id: newId("conv"),
    inboxId: ids.inboxId,
    contactId: ids.contactId,
    status: d.status,
    assigneeId: d.assignee ? ids.userIds[d.assignee] : null,
    snoozedUntil: d.snoozeHours ? new Date(Date.now() + d.snoozeHours * 3_600_000).toISOString() : null,
    lastMessageAt: ago(last[2]),
    lastInboundAt: lastInbound ? ago(lastInbound[2]) : null,
    preview: last[1].slice(0, 140),
    readBy: d.readByAlice ? { [ids.userIds.alice]: ago(last[2]) } : {},
    lastDeliveryFailureAt: lastDeliveryFailure(d),
    createdAt: ago(first[2]),
    updatedAt: ago(last[2]),
  };
  await insertConversation(tx.db, conversation);
  await tx.emit("conversation.created", conversation, { action: "created" });
  const author = conversation.assigneeId ?? ids.userIds.admin;
  for (const [who, body, minutes, outcome] of d.messages) {
    const at = ago(minutes);
    const failed = outcome === "failed";
    const isStop = who === "in" && body === "STOP";
    const message: Message = {
      id: isStop && ids.optOutMessageId ? ids.optOutMessageId : newId("msg"),
      conversationId: conversation.id,
      inboxId: ids.inboxId,
      contactId: ids.contactId,
      direction: who === "in" ? "inbound" : "outbound",
      body,
      media: [],
      status: who === "in" ? "received" : failed ? "failed" : "delivered",
      errorCode: failed ? "30006" : null,
      errorReason: failed ? "The number is a landline or cannot receive text messages" : null,
      carrierMessageId: failed ? null : `sim_seed_${newId("c").slice(2)}`,
      authorId: who === "in" ? null : author,
      clientId: null,
      deliveryOverdue: false,
      createdAt: at,
      updatedAt: at,
    };
    await insertSettledMessage(tx.db, message, who === "in" ? 0 : 1);
    await tx.emit("message.created", message, { actorId: message.authorId, action: "created" });
  }
  if (d.note) {
    const note: Note = {
      id: newId("note"),
      conversationId: conversation.id,
      inboxId: ids.inboxId,
      authorId: ids.userIds[d.note.author],
      body: d.note.body,
      mentions: d.note.mentions.map((m) => ids.userIds[m]),
      createdAt: ago(Math.max(1, last[2] - 1)),
    };
    await insertNote(tx.db, note);
    await tx.emit("note.created", note, { actorId: note.authorId, action: "created" });
  }
}
