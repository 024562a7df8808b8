// SLA targets per inbox (members read them; admins of the inbox's location set them) and the conversations
// waiting now with their due times, for the "waiting 14 min · SLA in 6 min" chips.
import type { SlaTarget, SlaWait } from "../../src/protocol/analytics";
import type { AuthedUser } from "../auth/authenticate";
import { requireAdminOf, requireMember } from "../auth/permissions";
import type { ServerContext } from "../context";
import { now } from "../ids";
import { findTarget, openWaitsOf, saveTargets, setDue, waitsKnownUntil } from "./sla.repository";
import { waitingConversations } from "./analytics.repository";
import { addBusinessSeconds } from "./business-time";
import { hoursOf } from "../automations/automations.repository";
import { inTransaction } from "../events/transaction";
import { findInboxById } from "../inboxes/inboxes.repository";
import { changedFields, recordAdminChange } from "../audit/admin-changes";

export async function slaTargetOf(ctx: ServerContext, user: AuthedUser, inboxId: string): Promise<SlaTarget | null> {
  requireMember(user, inboxId, "Inbox");
  return findTarget(ctx.database.db, inboxId);
}

/** Sets the target; waits already running get due times from it too. */
export async function setSlaTarget(ctx: ServerContext, user: AuthedUser, inboxId: string, target: SlaTarget): Promise<SlaTarget> {
  requireAdminOf(user, inboxId);
  await inTransaction(ctx.database.db, ctx.bus, async (tx) => {
    const trx = tx.db;
    const before = await findTarget(trx, inboxId);
    await saveTargets(trx, [{ ...target, inboxId }], now());
    const changes = changedFields(before, target, Object.keys(target));
    const label = `SLA target of Inbox “${(await findInboxById(trx, inboxId))?.name ?? inboxId}”`;
    await recordAdminChange(tx, "audit.sla.updated", user.id, { id: inboxId, label, inboxId, changes });
    const hours = await hoursOf(trx, inboxId);
    for (const w of await openWaitsOf(trx, inboxId)) {
      const kind = w.awaitingFirst && w.firstInboundAt === w.waitingSince ? "firstResponse" : "reply";
      const minutes = kind === "firstResponse" ? target.firstResponseMinutes : target.replyMinutes;
      const since = new Date(w.waitingSince as string);
      const due = !minutes ? null : target.businessHours ? addBusinessSeconds(hours, since, minutes * 60) : new Date(since.getTime() + minutes * 60_000);
      await setDue(trx, w.conversationId, minutes ? kind : null, due?.toISOString() ?? null);
    }
  });
  return target;
}

/** The waits of the user's inboxes, and up to when they are known (read first: a wait read after it is no older). */
export async function waitsOf(ctx: ServerContext, user: AuthedUser): Promise<{ waits: SlaWait[]; asOf: string }> {
  const { db } = ctx.database;
  const asOf = await waitsKnownUntil(db, now());
  const rows = await waitingConversations(db, user.inboxIds);
  return {
    waits: rows.map((r) => ({ conversationId: r.conversationId, inboxId: r.inboxId, waitingSince: r.waitingSince as string, dueAt: r.slaDueAt })),
    asOf,
  };
}
