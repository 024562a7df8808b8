// The demo organisation (issue 18): three locations, two of them in a region. Downtown is the default
// location (loc_main) with Main line and Support line; Uptown and Airport each get an inbox, people of
// every role and a few threads of their own (new contacts, so the Downtown threads stay as they were).
// Roles: Ada (owner) and Otto (admin) see every location; Rita manages the Bay Area region (Downtown,
// Uptown); Lars administers Downtown and Ari the Airport; Uma works at Uptown, Carl at Uptown and the Airport.
import type { Contact, Conversation, Message } from "../../src/protocol/entities";
import type { Tx } from "../events/transaction";
import { newId } from "../ids";
import { addMembers, insertInbox } from "../inboxes/inboxes.repository";
import { insertUser } from "../users/users.repository";
import { insertContact } from "../contacts/contacts.repository";
import { insertConversation } from "../conversations/conversations.repository";
import { insertSettledMessage } from "../messages/messages.repository";
import { DEFAULT_LOCATION_ID, insertLocation, insertRegion, renameOrganisation, replaceStaffRoles, updateLocationRow } from "../locations/locations.repository";

const demoLocationUsers = {
  otto: { email: "otto@demo.test", name: "Otto Admin", role: "admin" },
  rita: { email: "rita@demo.test", name: "Rita Ramos", role: "agent" },
  lars: { email: "lars@demo.test", name: "Lars Berg", role: "agent" },
  ari: { email: "ari@demo.test", name: "Ari Cohen", role: "agent" },
  uma: { email: "uma@demo.test", name: "Uma Patel", role: "agent" },
  carl: { email: "carl@demo.test", name: "Carl Diaz", role: "agent" },
} as const;
type Person = keyof typeof demoLocationUsers;

const threads: Array<{ at: "uptown" | "airport"; phone: string; first: string; last: string; messages: Array<["in" | "out", string, number]> }> = [
  {
    at: "uptown",
    phone: "+14155550131",
    first: "Nina",
    last: "Okafor",
    messages: [
      ["in", "Do you have any openings Saturday morning at the Uptown shop?", 300],
      ["out", "Hi Nina, we can do 10:30 on Saturday. Shall I book it?", 290],
      ["in", "Yes please!", 20],
    ],
  },
  { at: "uptown", phone: "+14155550132", first: "Tom", last: "Becker", messages: [["in", "Is parking available near Uptown?", 45]] },
  {
    at: "airport",
    phone: "+16505550141",
    first: "Leah",
    last: "Moreno",
    messages: [
      ["in", "My flight lands at 6am, can I pick up the keys that early?", 900],
      ["out", "Hi Leah, the Airport desk opens at 5:30am, see you then.", 880],
    ],
  },
  { at: "airport", phone: "+16505550142", first: "Sam", last: "Ito", messages: [["in", "Do you store luggage overnight at the Airport location?", 15]] },
];

const ago = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

/** Called by seedDemo inside its transaction, with the Downtown users' ids and the Main and Support line ids. */
export async function seedDemoLocations(tx: Tx, passwordHash: string, createdAt: string, downtown: { mainLine: string }) {
  const db = tx.db;
  await renameOrganisation(db, "Sidetext Demo Co.", createdAt);
  const bay = await insertRegion(db, "Bay Area");
  await updateLocationRow(db, DEFAULT_LOCATION_ID, { name: "Downtown", regionId: bay.id });
  const uptown = await insertLocation(db, "Uptown", bay.id);
  const airport = await insertLocation(db, "Airport", null);
  const ids = {} as Record<Person, string>;
  for (const who of Object.keys(demoLocationUsers) as Person[]) ids[who] = (await insertUser(db, { ...demoLocationUsers[who], passwordHash, createdAt })).id;
  await replaceStaffRoles(db, ids.rita, [{ role: "regional_manager", regionId: bay.id, locationId: null }]);
  await replaceStaffRoles(db, ids.lars, [{ role: "location_admin", regionId: null, locationId: DEFAULT_LOCATION_ID }]);
  await replaceStaffRoles(db, ids.ari, [{ role: "location_admin", regionId: null, locationId: airport.id }]);
  await addMembers(db, downtown.mainLine, [ids.lars]);
  const inboxes = {
    uptown: { id: newId("inb"), name: "Uptown line", phoneNumber: "+14155550122", locationId: uptown.id, members: [ids.uma, ids.carl] },
    airport: { id: newId("inb"), name: "Airport desk", phoneNumber: "+16505550100", locationId: airport.id, members: [ids.ari, ids.carl] },
  };
  for (const { members, ...inbox } of Object.values(inboxes)) {
    const helpText = `Sidetext ${inbox.name}: reply with your question and a teammate will answer. Reply STOP to opt out.`;
    await insertInbox(db, { ...inbox, carrier: "simulator", helpText, credentialsEncrypted: null, createdAt });
    await addMembers(db, inbox.id, members);
  }
  const authors = { uptown: ids.uma, airport: ids.ari };
  for (const t of threads) await seedThread(tx, inboxes[t.at].id, authors[t.at], t, createdAt);
  return { regionId: bay.id, locationIds: { downtown: DEFAULT_LOCATION_ID, uptown: uptown.id, airport: airport.id } };
}

async function seedThread(tx: Tx, inboxId: string, authorId: string, t: (typeof threads)[number], createdAt: string) {
  const contact: Contact = {
    id: newId("ct"),
    phoneNumber: t.phone,
    name: `${t.first} ${t.last}`,
    attributes: { firstName: t.first, lastName: t.last },
    optedOutAt: null,
    optOutMessageId: null,
    createdAt,
    updatedAt: createdAt,
  };
  await insertContact(tx.db, contact);
  await tx.emit("contact.updated", contact, { action: "created" });
  const last = t.messages[t.messages.length - 1];
  const lastInbound = [...t.messages].reverse().find((m) => m[0] === "in");
  const conversation: Conversation = {
    id: newId("conv"),
    inboxId,
    contactId: contact.id,
    status: "open",
    assigneeId: null,
    snoozedUntil: null,
    lastMessageAt: ago(last[2]),
    lastInboundAt: lastInbound ? ago(lastInbound[2]) : null,
    preview: last[1].slice(0, 140),
    readBy: {},
    lastDeliveryFailureAt: null,
    createdAt: ago(t.messages[0][2]),
    updatedAt: ago(last[2]),
  };
  await insertConversation(tx.db, conversation);
  await tx.emit("conversation.created", conversation, { action: "created" });
  for (const [who, body, minutes] of t.messages) {
    const message: Message = {
      id: newId("msg"),
      conversationId: conversation.id,
      inboxId,
      contactId: contact.id,
      direction: who === "in" ? "inbound" : "outbound",
      body,
      media: [],
      status: who === "in" ? "received" : "delivered",
      errorCode: null,
      errorReason: null,
      carrierMessageId: `sim_seed_${newId("c").slice(2)}`,
      authorId: who === "in" ? null : authorId,
      clientId: null,
      deliveryOverdue: false,
      createdAt: ago(minutes),
      updatedAt: ago(minutes),
    };
    await insertSettledMessage(tx.db, message, who === "in" ? 0 : 1);
    await tx.emit("message.created", message, { actorId: message.authorId, action: "created" });
  }
}
