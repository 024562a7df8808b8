// What one CRM job writes: the entity as it is now (a message, a note, a resolved conversation's transcript)
// as a CrmLogEntry on the CRM person its contact matched, or nothing (deleted since). A contact job is the
// sync itself (the person searched again and the contact filled) and writes no record.
import type { ServerContext } from "../../context";
import { findConversationById } from "../../conversations/conversations.repository";
import { findContactById } from "../../contacts/contacts.repository";
import { findInboxById } from "../../inboxes/inboxes.repository";
import { toNote } from "../../notes/notes.repository";
import { CrmFailure, providerNames, type CrmAdapter, type CrmLogEntry, type CrmProvider } from "./crm-adapter";
import type { CrmConnectionRow } from "./crm-connections.repository";
import { personOf, type LinkedPerson } from "./crm-contact-sync";
import { messageEntry, noteEntry, transcriptEntry } from "./crm-log-entry";
import { findNoteRow, noteConversationOf, userEmailOf, userNameOf } from "./crm.repository";
import type { BatchReads } from "./crm-batch-reads.repository";

interface PlannedJob {
  kind: string;
  entityId: string;
}

export async function planJob(
  ctx: ServerContext,
  job: PlannedJob,
  connection: CrmConnectionRow,
  adapter: CrmAdapter,
  reads: BatchReads,
): Promise<CrmLogEntry | null> {
  const { db } = ctx.database;
  const provider = providerNames[connection.provider as CrmProvider];
  if (job.kind === "contact") {
    await personOf(ctx, connection, adapter, job.entityId, true);
    return null;
  }
  const conversationId = job.kind === "transcript" ? job.entityId : await conversationOf(ctx, job, reads);
  // A note's conversation is not in the batch's reads (notes are few).
  const conversation = conversationId ? (reads.conversation(conversationId) ?? (await findConversationById(db, conversationId))) : null;
  if (!conversation) return null; // deleted since: nothing left to log
  const [contact, business] = await Promise.all([
    reads.contact(conversation.contactId) ?? findContactById(db, conversation.contactId),
    reads.inboxNumber(conversation.inboxId) ?? findInboxById(db, conversation.inboxId).then((inbox) => inbox?.phoneNumber ?? null),
  ]);
  if (!contact || !business) return null;
  const person = reads.link(connection.id, contact.id) ?? (await personOf(ctx, connection, adapter, contact.id));
  if (!person) throw new CrmFailure(`No ${provider} record has the number ${contact.phoneNumber}: add it in ${provider}, then retry`, false);
  return entryFor(ctx, job, { business, customer: contact.phoneNumber }, person, reads);
}

async function conversationOf(ctx: ServerContext, job: PlannedJob, reads: BatchReads): Promise<string | null> {
  if (job.kind === "message") return reads.message(job.entityId)?.conversationId ?? null;
  const note = await noteConversationOf(ctx.database.db, job.entityId);
  return note?.conversationId ?? null;
}

async function entryFor(
  ctx: ServerContext,
  job: PlannedJob,
  numbers: { business: string; customer: string },
  person: LinkedPerson,
  reads: BatchReads,
): Promise<CrmLogEntry | null> {
  const { db } = ctx.database;
  if (job.kind === "message") {
    const message = reads.message(job.entityId);
    return message ? { ...messageEntry(message, numbers, person), agentEmail: await userEmailOf(db, message.authorId) } : null;
  }
  if (job.kind === "note") {
    const row = await findNoteRow(db, job.entityId);
    if (!row) return null;
    const author = await userNameOf(db, row.authorId);
    return { ...noteEntry(toNote(row), author?.name ?? "a teammate", person), agentEmail: await userEmailOf(db, row.authorId) };
  }
  return transcriptEntry(db, job.entityId, numbers, person);
}
