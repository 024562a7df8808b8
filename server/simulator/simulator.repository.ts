// What the simulator's rules read (simulator.service.ts). The same check runs inside the inbound transaction
// on the ingest stores' own statements: inbound-store.sqlite.ts and the PostgreSQL batch's read-ahead.
import type { Executor } from "../db/executor";

/** The inbox's name and carrier, and whether the number texts an inbox on a real carrier. */
export interface SimulatorScope {
  name: string;
  carrier: string;
  textsARealInbox: boolean;
}

/**
 * The inbox's name and carrier, and whether `phone` (E.164) is a customer of an inbox on a real carrier: one
 * query, as the simulator asks both for every text it writes.
 */
export async function simulatorScope(db: Executor, inboxId: string, phone: string): Promise<SimulatorScope | undefined> {
  const row = await db
    .selectFrom("inbox")
    .select(["name", "carrier"])
    .select((eb) =>
      eb
        .exists(
          eb
            .selectFrom("conversation")
            .innerJoin("contact", "contact.id", "conversation.contactId")
            .innerJoin("inbox as real", "real.id", "conversation.inboxId")
            .select("real.id")
            .where("contact.phoneNumber", "=", phone)
            .where("real.carrier", "!=", "simulator"),
        )
        .as("textsARealInbox"),
    )
    .where("id", "=", inboxId)
    .executeTakeFirst();
  return row ? { name: row.name, carrier: row.carrier, textsARealInbox: Boolean(row.textsARealInbox) } : undefined;
}

export async function carrierOfEveryInbox(db: Executor): Promise<string[]> {
  return (await db.selectFrom("inbox").select(["carrier"]).execute()).map((r) => r.carrier);
}
