// The toolbar badge: how many conversations need my attention (unread, and mine or unassigned). The count
// comes from an index kept at write time (ConversationRow.attention), so it is cheap at any inbox size.
import type { Badge } from "../platform/action";
import type { WorkerContext } from "./context";

const BADGE_DEBOUNCE_MS = 150;

async function countNeedingAttention(ctx: WorkerContext): Promise<number> {
  if (!ctx.engine.session()) return 0;
  return ctx.db.conversations.where("attention").equals(1).count();
}

export function registerBadge(ctx: WorkerContext, badge: Badge): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let shown: number | null = null;
  const update = () => {
    if (timer !== null) return;
    timer = setTimeout(async () => {
      timer = null;
      const count = await countNeedingAttention(ctx).catch(() => 0);
      if (count === shown) return;
      shown = count;
      await badge.setCount(count).catch(() => (shown = null));
    }, BADGE_DEBOUNCE_MS);
  };
  const offs = [ctx.db.onTablesChanged((tables) => (tables.has("conversations") || tables.has("meta")) && update()), ctx.engine.onConnectionChange(update)];
  update();
  return () => {
    for (const off of offs) off();
  };
}
