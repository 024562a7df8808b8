// What the simulator's rules read (simulator.service.ts).
import type { Executor } from "../db/executor";

export const inboxNameAndCarrier = (db: Executor, inboxId: string) =>
  db.selectFrom("inbox").select(["name", "carrier"]).where("id", "=", inboxId).executeTakeFirst();

/** Whether `phone` (E.164) is a customer of an inbox on a real carrier. */
export async function textsARealInbox(db: Executor, phone: string): Promise<boolean> {
  const real = await db
    .selectFrom("conversation")
    .innerJoin("contact", "contact.id", "conversation.contactId")
    .innerJoin("inbox", "inbox.id", "conversation.inboxId")
    .select("inbox.id")
    .where("contact.phoneNumber", "=", phone)
    .where("inbox.carrier", "!=", "simulator")
    .executeTakeFirst();
  return real !== undefined;
}

export async function carrierOfEveryInbox(db: Executor): Promise<string[]> {
  return (await db.selectFrom("inbox").select(["carrier"]).execute()).map((r) => r.carrier);
}
