// A snoozed conversation comes back when its time is up: open again, with a "woke" event for the timeline.
import type { ServerContext } from "../context";
import { inTransaction } from "../events/transaction";
import { toConversation, updateConversation } from "./conversations.repository";
import { now } from "../ids";

export async function wakeSnoozedConversations(ctx: ServerContext): Promise<number> {
  return inTransaction(ctx.database.db, ctx.bus, async (tx) => {
    const rows = await tx.db
      .selectFrom("conversation")
      .selectAll()
      .where("status", "=", "snoozed")
      .where("snoozedUntil", "<=", now())
      .limit(500)
      .execute();
    for (const row of rows) {
      const woke = await updateConversation(tx.db, toConversation(row), { status: "open", snoozedUntil: null });
      await tx.emit("conversation.updated", woke, { action: "woke" });
    }
    return rows.length;
  });
}
