// Topic "phone": the contact and visible conversations for one number (the CRM panel). Answers from the
// cache at once and asks the server once per number, since the cache may not hold older threads.
import { fromConversationRow, stripSeq } from "../../db/rows";
import type { PhoneSnapshot } from "../../protocol/messages";
import type { WorkerContext } from "../context";

export async function phoneSnapshot(ctx: WorkerContext, e164: string): Promise<PhoneSnapshot> {
  const { db } = ctx;
  const signedIn = !!ctx.engine.current();
  const lookup = signedIn
    ? ctx.lookups.state(e164)
    : { status: "error" as const, error: { code: "signed_out" as const, message: "Sign in to Sidetext to see this number's messages.", status: 0 } };
  const contact = await db.contacts.where("phoneNumber").equals(e164).first();
  const conversations = contact
    ? (await db.conversations.where("contactId").equals(contact.id).toArray()).sort((a, b) => b.sortAt.localeCompare(a.sortAt))
    : [];
  return {
    e164,
    contact: contact ? stripSeq(contact) : null,
    conversations: conversations.map(fromConversationRow),
    inboxes: await db.inboxes.toArray(),
    status: contact && lookup.status === "loading" ? "ready" : lookup.status,
    error: lookup.error,
  };
}
