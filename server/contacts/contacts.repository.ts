import type { ExpressionBuilder, Selectable } from "kysely";
import type { Contact } from "../../src/protocol/entities";
import { forWrite, type Executor } from "../db/executor";
import type { ContactTable, Database } from "../db/schema";
import { newId, now } from "../ids";

const tagsOf = (json: string | undefined): { tags?: string[] } => {
  const tags: string[] = JSON.parse(json ?? "[]");
  return tags.length > 0 ? { tags } : {};
};

// The contact's language (issue 19) is the server's to use (translation), not part of the entity clients cache.
export const toContact = (r: Omit<Selectable<ContactTable>, "language">): Contact => ({
  id: r.id,
  phoneNumber: r.phoneNumber,
  name: r.name,
  attributes: JSON.parse(r.attributes),
  // Only when it has some: a contact without tags reads the same as one made before tags existed (the seed's,
  // the feed's older events), so a cache folded from events equals the server's answer (invariant 5).
  ...tagsOf(r.tags),
  optedOutAt: r.optedOutAt,
  optOutMessageId: r.optOutMessageId,
  createdAt: r.createdAt,
  updatedAt: r.updatedAt,
});

export async function findContactById(db: Executor, id: string): Promise<Contact | null> {
  const row = await db.selectFrom("contact").selectAll().where("id", "=", id).executeTakeFirst();
  return row ? toContact(row) : null;
}

/**
 * The contact, to change it: in a transaction on PostgreSQL its row stays locked until commit (forWrite), so
 * a concurrent writer (an inbound batch's opt-out) is waited for, not overwritten. Lock a contact before any
 * of its conversations (the inbound batch does, in id order), never after: the same order everywhere.
 */
export async function findContactForUpdate(db: Executor, id: string): Promise<Contact | null> {
  const row = await forWrite(db, db.selectFrom("contact").selectAll().where("id", "=", id)).executeTakeFirst();
  return row ? toContact(row) : null;
}

export async function findContactByPhone(db: Executor, e164: string): Promise<Contact | null> {
  const row = await db.selectFrom("contact").selectAll().where("phoneNumber", "=", e164).executeTakeFirst();
  return row ? toContact(row) : null;
}

/** The one contact for a number (E.164), created on first sight. `created` tells the caller to emit. */
export async function findOrCreateContact(db: Executor, e164: string, name: string | null = null): Promise<{ contact: Contact; created: boolean }> {
  const existing = await findContactByPhone(db, e164);
  if (existing) return { contact: existing, created: false };
  const at = now();
  const row = { id: newId("ct"), phoneNumber: e164, name, attributes: "{}", tags: "[]", optedOutAt: null, optOutMessageId: null, createdAt: at, updatedAt: at };
  // Two first texts from one new number racing: one insert wins, the other reads the winner's contact.
  const inserted = await db
    .insertInto("contact")
    .values(row)
    .onConflict((oc) => oc.column("phoneNumber").doNothing())
    .executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 1) === 0) return { contact: (await findContactByPhone(db, e164))!, created: false };
  return { contact: toContact(row), created: true };
}

export async function updateContact(
  db: Executor,
  contact: Contact,
  changes: Partial<Pick<Contact, "name" | "attributes" | "optedOutAt" | "optOutMessageId">>,
): Promise<Contact> {
  const next: Contact = { ...contact, ...changes, updatedAt: now() };
  await db
    .updateTable("contact")
    .set({
      name: next.name,
      attributes: JSON.stringify(next.attributes),
      optedOutAt: next.optedOutAt,
      optOutMessageId: next.optOutMessageId,
      updatedAt: next.updatedAt,
    })
    .where("id", "=", contact.id)
    .execute();
  return next;
}

/** A condition on a `conversation as c` row: it introduces its contact to its inbox. */
export function introducesContact(eb: ExpressionBuilder<Database & { c: Database["conversation"] }, "c">) {
  return eb.or([
    eb("c.lastInboundAt", "is not", null),
    eb.not(
      eb.exists(
        eb
          .selectFrom("conversation as earlier")
          .select("earlier.id")
          .whereRef("earlier.contactId", "=", "c.contactId")
          .where((e) =>
            e.or([
              e("earlier.createdAt", "<", e.ref("c.createdAt")),
              e.and([e("earlier.createdAt", "=", e.ref("c.createdAt")), e("earlier.id", "<", e.ref("c.id"))]),
            ]),
          ),
      ),
    ),
  ]);
}

/** Of these contacts (ids, each once), those introduced to any of these inboxes (contact-profile.ts). */
export async function contactsIntroducedTo(db: Executor, contactIds: string[], inboxIds: readonly string[]): Promise<Set<string>> {
  const shown = new Set<string>();
  for (let i = 0; i < contactIds.length; i += 500) {
    const rows = await db
      .selectFrom("conversation as c")
      .select("c.contactId")
      .distinct()
      .where("c.contactId", "in", contactIds.slice(i, i + 500))
      .where("c.inboxId", "in", [...inboxIds])
      .where(introducesContact)
      .execute();
    for (const row of rows) shown.add(row.contactId);
  }
  return shown;
}

/** Contacts by id, in chunks: SQLite allows a limited number of bound parameters per statement. */
export async function findContactsByIds(db: Executor, ids: string[]): Promise<Contact[]> {
  const rows = [];
  for (let i = 0; i < ids.length; i += 500)
    rows.push(
      ...(await db
        .selectFrom("contact")
        .selectAll()
        .where("id", "in", ids.slice(i, i + 500))
        .execute()),
    );
  return rows.map(toContact);
}

/** A contact as it is, with its own id and times (the demo seed). */
export async function insertContact(db: Executor, contact: Contact): Promise<void> {
  await db
    .insertInto("contact")
    .values({ ...contact, attributes: JSON.stringify(contact.attributes), tags: JSON.stringify(contact.tags ?? []) })
    .execute();
}
