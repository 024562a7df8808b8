// SLA targets per inbox (members read them; admins of the inbox's location set them) and the conversations
// waiting now with their due times, for the "waiting 14 min · SLA in 6 min" chips.
import type { SlaTarget, SlaWait } from "../../src/protocol/analytics";
import type { AuthedUser } from "../auth/authenticate";
import { requireAdminOf, requireMember } from "../auth/permissions";
import type { ServerContext } from "../context";
import { now } from "../ids";
import { analyticsDb } from "./analytics.schema";
import { waitingConversations } from "./analytics.repository";
import { addBusinessSeconds } from "./business-time";
import { automationDb } from "../automations/automations.schema";

export async function slaTargetOf(ctx: ServerContext, user: AuthedUser, inboxId: string): Promise<SlaTarget | null> {
  requireMember(user, inboxId, "Inbox");
  const r = await analyticsDb(ctx.database.db).selectFrom("slaTarget").selectAll().where("inboxId", "=", inboxId).executeTakeFirst();
  return r ? { firstResponseMinutes: r.firstResponseMinutes, replyMinutes: r.replyMinutes, businessHours: r.businessHours === 1 } : null;
}

/** Sets the target; waits already running get due times from it too. */
export async function setSlaTarget(ctx: ServerContext, user: AuthedUser, inboxId: string, target: SlaTarget): Promise<SlaTarget> {
  requireAdminOf(user, inboxId);
  const row = {
    inboxId,
    firstResponseMinutes: target.firstResponseMinutes,
    replyMinutes: target.replyMinutes,
    businessHours: target.businessHours ? 1 : 0,
    updatedAt: now(),
  };
  await ctx.database.db.transaction().execute(async (trx) => {
    const adb = analyticsDb(trx);
    await adb
      .insertInto("slaTarget")
      .values(row)
      .onConflict((oc) => oc.column("inboxId").doUpdateSet(row))
      .execute();
    const hoursRow = await automationDb(trx).selectFrom("inboxHours").select("schedule").where("inboxId", "=", inboxId).executeTakeFirst();
    const hours = hoursRow ? JSON.parse(hoursRow.schedule) : null;
    const waits = await adb
      .selectFrom("analyticsConversation")
      .selectAll()
      .where("inboxId", "=", inboxId)
      .where("waitingSince", "is not", null)
      .where("slaBreachedAt", "is", null)
      .execute();
    for (const w of waits) {
      const kind = w.awaitingFirst && w.firstInboundAt === w.waitingSince ? "firstResponse" : "reply";
      const minutes = kind === "firstResponse" ? target.firstResponseMinutes : target.replyMinutes;
      const since = new Date(w.waitingSince as string);
      const due = !minutes ? null : target.businessHours ? addBusinessSeconds(hours, since, minutes * 60) : new Date(since.getTime() + minutes * 60_000);
      await adb
        .updateTable("analyticsConversation")
        .set({ slaKind: minutes ? kind : null, slaDueAt: due?.toISOString() ?? null })
        .where("conversationId", "=", w.conversationId)
        .execute();
    }
  });
  return target;
}

export async function waitsOf(ctx: ServerContext, user: AuthedUser): Promise<SlaWait[]> {
  const rows = await waitingConversations(ctx.database.db, user.inboxIds);
  return rows.map((r) => ({ conversationId: r.conversationId, inboxId: r.inboxId, waitingSince: r.waitingSince as string, dueAt: r.slaDueAt }));
}
