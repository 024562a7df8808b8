// One HTTP sync pass: bootstrap when the cache has no cursor (or the feed answers 410 cursor_expired),
// otherwise catch up from the cursor. Timed with User Timing (src/sync/timing.ts).
import type { Api } from "../api/client";
import type { ApiResult } from "../api/errors";
import type { Message } from "../protocol/entities";
import type { SidetextDb } from "../db/schema";
import { bootstrapCache } from "./bootstrap";
import { catchUp } from "./catch-up";
import { now, recordMeasure, TIMING } from "./timing";

export async function syncOverHttpOnce(
  db: SidetextDb,
  current: { api: Api; meId: string },
  options: { isCurrent: () => boolean; onInbound: (messages: Message[]) => void; pageSize?: number },
): Promise<ApiResult<unknown>> {
  const started = now();
  const bootstrap = async () => {
    const res = await bootstrapCache(db, current.api, { isCurrent: options.isCurrent });
    if (res.ok) recordMeasure(TIMING.bootstrap, started, { conversations: res.data.conversations.length });
    return res;
  };
  if ((await db.getMeta("cursor")) === undefined) return bootstrap();
  const res = await catchUp(db, current.api, { meId: current.meId, ...options });
  if (res.ok) recordMeasure(TIMING.catchUp, started, res.data);
  if (!res.ok && res.error.code === "cursor_expired" && options.isCurrent()) return bootstrap();
  return res;
}
