// The list filtered by a tag answers from the cache at once (offline too); while online the worker also asks the
// server (GET /v1/conversations?tag=), once per filter per worker life, since the cache holds recent threads only
// (bootstrap's newest 5,000). The answer is written into the cache like any other, so the list simply grows.
import { batchOf } from "../sync/batch";
import type { SyncEngine } from "../sync/engine";
import type { InboxFilter } from "../protocol/messages";

/** Pages of 200 asked at most per filter: older tagged threads than that are one search away. */
const MAX_PAGES = 5;
/** After a failed ask, the next snapshot while online asks again no sooner than this. */
const RETRY_MS = 10_000;

export type TagLookups = ReturnType<typeof createTagLookups>;

export function createTagLookups(engine: SyncEngine, now: () => number = Date.now) {
  const asked = new Map<string, { state: "asking" | "done" | "failed"; at: number }>();

  async function run(key: string, filter: InboxFilter & { tag: string }) {
    const current = engine.current();
    if (!current) return asked.delete(key);
    const query = {
      tag: filter.tag,
      limit: 200,
      ...(filter.status ? { status: filter.status } : {}),
      ...(filter.inboxId ? { inbox: filter.inboxId } : {}),
      ...(filter.assignee ? { assignee: filter.assignee } : {}),
    };
    let cursor: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const res = await current.api.conversations(cursor ? { ...query, cursor } : query);
      if (!res.ok) return asked.set(key, { state: "failed", at: now() });
      await engine.apply(batchOf({ contacts: res.data.contacts, conversations: res.data.conversations }));
      if (!res.data.nextCursor) break;
      cursor = res.data.nextCursor;
    }
    asked.set(key, { state: "done", at: now() });
  }

  return {
    /** Starts the server's answer for this tag filter unless it was asked already (or failed a moment ago, or we are offline). */
    ask(filter: InboxFilter) {
      if (!filter.tag || engine.connection().state === "offline" || engine.connection().state === "signed_out") return;
      const key = JSON.stringify({ tag: filter.tag, status: filter.status, inboxId: filter.inboxId, assignee: filter.assignee });
      const held = asked.get(key);
      if (held && (held.state !== "failed" || now() - held.at < RETRY_MS)) return;
      asked.set(key, { state: "asking", at: now() });
      void run(key, { ...filter, tag: filter.tag }).catch(() => asked.set(key, { state: "failed", at: now() }));
    },
    clear: () => asked.clear(),
  };
}
