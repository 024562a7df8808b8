// A carrier telling us a text was an opt-out or opt-in (Twilio's OptOutType), for keywords our own list
// (receive-inbound) does not know, such as custom ones configured in Twilio's Advanced Opt-Out.
import type { Message } from "../../src/protocol/entities";
import type { ServerContext } from "../context";
import { inTransaction } from "../events/transaction";
import { findContactById, updateContact } from "../contacts/contacts.repository";

export async function applyCarrierOptOut(ctx: ServerContext, message: Message, optedOut: boolean): Promise<void> {
  await inTransaction(ctx.database.db, ctx.bus, async (tx) => {
    const contact = await findContactById(tx.db, message.contactId);
    // Already in that state (receive-inbound recognised the keyword itself): nothing to record.
    if (!contact || !!contact.optedOutAt === optedOut) return;
    const next = await updateContact(tx.db, contact, optedOut ? { optedOutAt: message.createdAt, optOutMessageId: message.id } : { optedOutAt: null, optOutMessageId: null });
    await tx.emit("contact.updated", next, { action: optedOut ? "opted_out" : "opted_in" });
  });
}
