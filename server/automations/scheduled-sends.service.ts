// A rep's "send later": stored on the server (so it goes out with every device closed), shown in the thread
// with edit and cancel, cancelled by the events the rep chose (a customer reply by default; an opt-out always),
// and sent once at its time by server/automations/send-due.ts.
import type { ScheduledSend, ScheduledSendPatch, ScheduleSendBody } from "../../src/protocol/scheduled-sends";
import type { AuthedUser } from "../auth/authenticate";
import { requireAdmin } from "../auth/permissions";
import type { ServerContext } from "../context";
import { AppError, notFound } from "../errors";
import { findContactById } from "../contacts/contacts.repository";
import { findVisibleConversation } from "../conversations/conversations.service";
import { feedHead } from "../push/push-jobs.repository";
import { automationClock } from "./engine";
import { checkRecipient } from "./quiet-hours";
import { quietHoursOf, saveQuietHours } from "./quiet-hours.repository";
import type { QuietHours } from "../../src/protocol/scheduled-sends";
import { changePendingSend, endScheduledSend, findScheduledSend, insertScheduledSend, scheduledSendOf, scheduledSendsIn } from "./scheduled-sends.repository";

const YEAR_MS = 366 * 24 * 3_600_000;
const DAY_MS = 24 * 3_600_000;

function checkSendAt(sendAt: string, at: Date) {
  const t = new Date(sendAt).getTime();
  const message = t <= at.getTime() ? "Pick a time in the future" : t > at.getTime() + YEAR_MS ? "Pick a time within a year" : null;
  if (message) throw new AppError("validation_failed", message, [{ path: "/sendAt", message }]);
}

export async function scheduleSend(ctx: ServerContext, user: AuthedUser, conversationId: string, body: ScheduleSendBody): Promise<ScheduledSend> {
  const { db } = ctx.database;
  const at = automationClock.now();
  const conversation = await findVisibleConversation(db, user, conversationId);
  checkSendAt(body.sendAt, at);
  if ((await findContactById(db, conversation.contactId))?.optedOutAt) throw new AppError("opted_out", "This contact has opted out of texts");
  const row = await insertScheduledSend(db, {
    conversationId,
    inboxId: conversation.inboxId,
    authorId: user.id,
    body: body.body,
    sendAt: new Date(body.sendAt).toISOString(),
    cancelOn: [...new Set(body.cancelOn)],
    clientId: body.clientId,
    afterPosition: await feedHead(db),
    at: at.toISOString(),
  });
  if (row.conversationId !== conversationId || row.body !== body.body) throw new AppError("conflict", "This clientId was already used for a different send");
  return scheduledSendOf(row);
}

export async function scheduledSendsOf(ctx: ServerContext, user: AuthedUser, conversationId: string): Promise<ScheduledSend[]> {
  const { db } = ctx.database;
  await findVisibleConversation(db, user, conversationId);
  const since = new Date(automationClock.now().getTime() - DAY_MS).toISOString();
  return (await scheduledSendsIn(db, conversationId, since)).map(scheduledSendOf);
}

/** The send, if the user may see its conversation; only its author or an admin may change it. */
async function ownSend(ctx: ServerContext, user: AuthedUser, id: string) {
  const { db } = ctx.database;
  const row = await findScheduledSend(db, id);
  if (!row) throw notFound("Scheduled send");
  await findVisibleConversation(db, user, row.conversationId).catch(() => {
    throw notFound("Scheduled send");
  });
  if (row.authorId !== user.id && user.role === "agent") throw new AppError("forbidden", "Only who scheduled it (or an admin) may change it");
  return row;
}

const notWaiting = (status: string) => new AppError("conflict", status === "pending" ? "It is being sent right now" : `It was already ${status}`, { status });

export async function changeScheduledSend(ctx: ServerContext, user: AuthedUser, id: string, patch: ScheduledSendPatch): Promise<ScheduledSend> {
  const { db } = ctx.database;
  const row = await ownSend(ctx, user, id);
  const at = automationClock.now();
  if (patch.sendAt) checkSendAt(patch.sendAt, at);
  const changes = { ...(patch.body ? { body: patch.body } : {}), ...(patch.sendAt ? { sendAt: new Date(patch.sendAt).toISOString() } : {}) };
  if (!(await changePendingSend(db, id, changes, at.toISOString()))) throw notWaiting((await findScheduledSend(db, id))?.status ?? row.status);
  return scheduledSendOf((await findScheduledSend(db, id))!);
}

export async function cancelScheduledSend(ctx: ServerContext, user: AuthedUser, id: string): Promise<ScheduledSend> {
  const { db } = ctx.database;
  await ownSend(ctx, user, id);
  const reason = `cancelled by ${user.name}`;
  if (!(await endScheduledSend(db, id, { status: "cancelled", reason }, automationClock.now().toISOString())))
    throw notWaiting((await findScheduledSend(db, id))?.status ?? "pending");
  return scheduledSendOf((await findScheduledSend(db, id))!);
}

/** The recipient as the pre-send check sees them: local time, quiet hours there, opt-out, line type. */
export async function recipientOf(ctx: ServerContext, user: AuthedUser, conversationId: string) {
  const { db } = ctx.database;
  const conversation = await findVisibleConversation(db, user, conversationId);
  const contact = await findContactById(db, conversation.contactId);
  if (!contact) throw notFound("Conversation");
  return checkRecipient(db, contact, automationClock.now());
}

export const quietHoursFor = (ctx: ServerContext) => quietHoursOf(ctx.database.db);
export async function setQuietHours(ctx: ServerContext, user: AuthedUser, q: QuietHours): Promise<QuietHours> {
  requireAdmin(user);
  await saveQuietHours(ctx.database.db, q, automationClock.now().toISOString());
  return q;
}
