// A wait that passes its SLA due time becomes an `sla.breached` feed event: usable by rules and delivered as
// the `sla.breached` webhook, and counted by the rollups when the consumer reads it back. Each wait breaches
// once, also with several instances: the mark on its state row is a conditional update in the event's
// transaction. Only run once the consumer has caught up, so every earlier breach is already marked.
import type { ServerContext } from "../context";
import { inTransaction } from "../events/transaction";
import { newId } from "../ids";
import { allTargets, dueWaits, markBreached } from "./sla.repository";

const PER_PASS = 200;

export async function emitDueBreaches(ctx: ServerContext, now: Date): Promise<number> {
  const { db } = ctx.database;
  const due = await dueWaits(db, now.toISOString(), PER_PASS);
  const targets = await allTargets(db);
  let emitted = 0;
  for (const s of due) {
    const target = targets.get(s.inboxId);
    const kind = s.slaKind === "firstResponse" ? "firstResponse" : "reply";
    await inTransaction(db, ctx.bus, async (tx) => {
      if (!(await markBreached(tx.db, s.conversationId, s.waitingSince as string, now.toISOString()))) return;
      emitted++;
      await tx.emit("sla.breached", {
        id: newId("slab"),
        conversationId: s.conversationId,
        inboxId: s.inboxId,
        contactId: s.contactId,
        kind,
        waitingSince: s.waitingSince as string,
        dueAt: s.slaDueAt as string,
        targetMinutes: (kind === "firstResponse" ? target?.firstResponseMinutes : target?.replyMinutes) ?? 0,
        businessHours: target?.businessHours ?? false,
      });
    });
  }
  return emitted;
}
