// A snoozed conversation comes back when its time is up: open again, with a "woke" event for the timeline.
import type { ServerContext } from "../context";
import { inTransaction } from "../events/transaction";
import { findDueSnoozed, openIfStillSnoozed, toConversation, updateConversation } from "./conversations.repository";
import { now } from "../ids";

export async function wakeSnoozedConversations(ctx: ServerContext): Promise<number> {
  return inTransaction(ctx.database.db, ctx.bus, async (tx) => {
    const rows = await findDueSnoozed(tx.db, now(), 500);
    let woken = 0;
    for (const row of rows) {
      // Several instances run this job: only an update that still finds it snoozed until then wakes it.
      if (!(await openIfStillSnoozed(tx.db, row.id, row.snoozedUntil))) continue;
      const woke = await updateConversation(tx.db, toConversation(row), { status: "open", snoozedUntil: null });
      await tx.emit("conversation.updated", woke, { action: "woke" });
      woken++;
    }
    return woken;
  });
}
