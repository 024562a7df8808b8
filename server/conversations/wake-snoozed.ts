// A snoozed conversation comes back when its time is up: open again, with a "woke" event for the timeline.
import type { ServerContext } from "../context";
import { inTransaction } from "../events/transaction";
import { findConversationById, findDueSnoozed, openIfStillSnoozed, updateConversation } from "./conversations.repository";
import { now } from "../ids";

export async function wakeSnoozedConversations(ctx: ServerContext): Promise<number> {
  return inTransaction(ctx.database.db, ctx.bus, async (tx) => {
    const rows = await findDueSnoozed(tx.db, now(), 500);
    let woken = 0;
    for (const row of rows) {
      // Several instances run this job: only an update that still finds it snoozed until then wakes it.
      if (!(await openIfStillSnoozed(tx.db, row.id, row.snoozedUntil))) continue;
      // The conditional update holds the row now: build the event from the row as it is, not the earlier read.
      const current = await findConversationById(tx.db, row.id);
      if (!current) continue;
      const woke = await updateConversation(tx.db, current, { status: "open", snoozedUntil: null });
      await tx.emit("conversation.updated", woke, { action: "woke" });
      woken++;
    }
    return woken;
  });
}
