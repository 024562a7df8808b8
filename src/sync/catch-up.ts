// Catch-up over HTTP: pages of /v1/sync from the stored cursor until hasMore is false. Used whenever the
// socket is down (polling) and by the alarm. Each page and its cursor are written in one transaction.
import type { Api } from "../api/client";
import { ok, type ApiResult } from "../api/errors";
import type { Message } from "../protocol/entities";
import type { SidetextDb } from "../db/schema";
import { applyBatch } from "./apply";
import { batchFromEvents } from "./batch";

/** The server's maximum: fewer round trips and transactions on a long catch-up. */
const SYNC_PAGE = 1000;

export async function catchUp(
  db: SidetextDb,
  api: Api,
  options: { meId: string; isCurrent: () => boolean; onInbound?: (messages: Message[]) => void; pageSize?: number },
): Promise<ApiResult<{ events: number; cursor: number }>> {
  let total = 0;
  for (;;) {
    const after = (await db.getMeta("cursor")) ?? 0;
    const res = await api.sync(after, options.pageSize ?? SYNC_PAGE);
    if (!res.ok) return res;
    if (!options.isCurrent()) return ok({ events: total, cursor: after });
    const { events, cursor, hasMore } = res.data;
    const { newInbound } = await applyBatch(db, batchFromEvents(events, cursor), options.meId);
    if (newInbound.length) options.onInbound?.(newInbound);
    total += events.length;
    if (!hasMore || events.length === 0) return ok({ events: total, cursor });
  }
}
