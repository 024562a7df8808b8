// Runs claimed CRM jobs. Each run reads the entity as it is now, so a rerun writes the current state: the
// first run creates the CRM record and keeps its id (crmRecord), every later one (a delivery update, a
// retry, a replay) updates that record instead of making a second. 429 and 5xx are tried again after the
// CRM's Retry-After, else 2 s, 8 s, 32 s… up to 8 attempts; anything else is kept as failed with its reason.
// The one window for a duplicate is a worker dying after the CRM created the record and before its id was
// stored; the claim then runs out and the job runs again.
import type { ServerContext } from "../../context";
import { randomText } from "../../ids";
import { findMessageById } from "../../messages/messages.repository";
import { findConversationById } from "../../conversations/conversations.repository";
import { findContactById } from "../../contacts/contacts.repository";
import { findInboxById } from "../../inboxes/inboxes.repository";
import { toNote } from "../../notes/notes.repository";
import { CrmFailure, providerNames, type CrmLogEntry, type CrmProvider } from "./crm-adapter";
import { findConnection } from "./crm-connections.repository";
import { adapterOf } from "./crm-connections.service";
import { personOf, type LinkedPerson } from "./crm-contact-sync";
import { messageEntry, noteEntry, transcriptEntry } from "./crm-log-entry";
import { claimDueCrmJobs, crmRecordOf, failJob, finishJob, saveCrmRecord, type Claim } from "./crm-jobs.repository";
import { findNoteRow, noteConversationOf, userEmailOf, userNameOf } from "./crm.repository";

const CLAIM_MS = 120_000;
const BATCH = 20;
const MAX_ATTEMPTS = 8;
const backoffMs = (attempts: number) => Math.min(2000 * 4 ** (attempts - 1), 3600_000);

const newCrmClaim = (instance: string, at: number): Claim => ({
  by: `${instance}:${randomText(9, "base64url")}`,
  until: new Date(at + CLAIM_MS).toISOString(),
});

/** The scheduler's time: Date, or a test's clock that jumps to a retry's time instead of waiting for it. */
export interface Clock {
  now(): number;
}

type Job = Awaited<ReturnType<typeof claimDueCrmJobs>>[number];

/** Runs what is due at `clock`'s time; returns how many jobs it took. */
export async function runDueCrmJobs(ctx: ServerContext, instance: string, clock: Clock = Date): Promise<number> {
  const claim = newCrmClaim(instance, clock.now());
  const jobs = await claimDueCrmJobs(ctx.database.db, claim, BATCH, new Date(clock.now()).toISOString());
  // One at a time: a CRM's rate limit is per account, and order within a conversation reads better.
  for (const job of jobs) await runJob(ctx, job, claim.by, clock);
  return jobs.length;
}

async function runJob(ctx: ServerContext, job: Job, claim: string, clock: Clock): Promise<void> {
  const { db } = ctx.database;
  try {
    await logOnce(ctx, job);
    await finishJob(db, job, claim);
  } catch (err) {
    const attempts = job.attempts + 1;
    const failure = err instanceof CrmFailure ? err : new CrmFailure((err as Error).message ?? String(err), true);
    const wait = failure.retryAfterMs ?? backoffMs(attempts);
    const again = failure.retryable && attempts < MAX_ATTEMPTS;
    await failJob(db, job, claim, attempts, failure.message, again ? new Date(clock.now() + wait).toISOString() : null);
  }
}

async function logOnce(ctx: ServerContext, job: Job): Promise<void> {
  const { db } = ctx.database;
  const connection = await findConnection(db, job.connectionId);
  if (!connection) return;
  const adapter = await adapterOf(ctx, connection);
  const provider = providerNames[connection.provider as CrmProvider];
  if (job.kind === "contact") {
    await personOf(ctx, connection, adapter, job.entityId, true);
    return;
  }
  const conversationId = job.kind === "transcript" ? job.entityId : await conversationOf(ctx, job);
  const conversation = conversationId ? await findConversationById(db, conversationId) : null;
  if (!conversation) return; // deleted since: nothing left to log
  const [contact, inbox] = await Promise.all([findContactById(db, conversation.contactId), findInboxById(db, conversation.inboxId)]);
  if (!contact || !inbox) return;
  const person = await personOf(ctx, connection, adapter, contact.id);
  if (!person) throw new CrmFailure(`No ${provider} record has the number ${contact.phoneNumber}: add it in ${provider}, then retry`, false);
  const entry = await entryFor(ctx, job, { business: inbox.phoneNumber, customer: contact.phoneNumber }, person);
  if (!entry) return;
  const known = await crmRecordOf(db, connection.id, job.entityId);
  if (known) await adapter.updateLog(known.crmRecordId, entry);
  else await saveCrmRecord(db, connection.id, job.entityId, await adapter.createLog(entry));
}

async function conversationOf(ctx: ServerContext, job: Job): Promise<string | null> {
  if (job.kind === "message") return (await findMessageById(ctx.database.db, job.entityId))?.conversationId ?? null;
  const note = await noteConversationOf(ctx.database.db, job.entityId);
  return note?.conversationId ?? null;
}

async function entryFor(ctx: ServerContext, job: Job, numbers: { business: string; customer: string }, person: LinkedPerson): Promise<CrmLogEntry | null> {
  const { db } = ctx.database;
  if (job.kind === "message") {
    const message = await findMessageById(db, job.entityId);
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
