// A conversation's history is loaded when a view first opens it (newest page), older pages on request,
// and kept: events update it from then on. Loading state is in memory (a restarted worker just asks again).
import type { Api } from "../api/client";
import { fail, ok, type ApiResult } from "../api/errors";
import type { CommandError } from "../protocol/messages";
import type { SidetextDb } from "../db/schema";
import { applyBatch } from "./apply";
import { batchOf } from "./batch";
import type { Clock } from "./clock";

const THREAD_PAGE = 50;

export interface ThreadState {
  loading: boolean;
  error: CommandError | null;
}

export function createThreads(deps: { db: SidetextDb; clock: Clock; current: () => { api: Api; meId: string } | null; onStateChange: () => void }) {
  const { db } = deps;
  const loading = new Map<string, Promise<ApiResult<{ hasMore: boolean }>>>();
  const errors = new Map<string, CommandError>();

  function load(conversationId: string, before: string | null): Promise<ApiResult<{ hasMore: boolean }>> {
    const running = loading.get(conversationId);
    if (running) return running;
    const task = (async () => {
      const current = deps.current();
      if (!current) return fail("signed_out", "Sign in to see this conversation.");
      const res = await current.api.messages(conversationId, { before: before ?? undefined, limit: THREAD_PAGE });
      if (!res.ok) {
        errors.set(conversationId, res.error);
        return res;
      }
      if (deps.current()?.api !== current.api) return fail("signed_out", "Signed out meanwhile.");
      errors.delete(conversationId);
      const { messages, notes, activities, hasMore } = res.data;
      await applyBatch(db, batchOf({ messages, notes, activities }), current.meId);
      const times = [...messages, ...notes].map((m) => m.createdAt).sort();
      const held = await db.threads.get(conversationId);
      const oldest = [held?.oldestAt, times[0]].filter((t): t is string => !!t).sort()[0] ?? null;
      await db.threads.put({
        conversationId,
        // The first page decides for a fresh thread; an older page only ever narrows it.
        hasMore: before === null && held ? held.hasMore && hasMore : hasMore,
        oldestAt: oldest,
        loadedAt: new Date(deps.clock.now()).toISOString(),
      });
      return ok({ hasMore });
    })().finally(() => {
      loading.delete(conversationId);
      deps.onStateChange();
    });
    loading.set(conversationId, task);
    deps.onStateChange();
    return task;
  }

  return {
    /** Loads the newest page unless the cache already holds this thread (or a load failed and is not retried). */
    async ensure(conversationId: string, retryFailed = false): Promise<void> {
      if (loading.has(conversationId) || (!retryFailed && errors.has(conversationId))) return;
      if (await db.threads.get(conversationId)) return;
      await load(conversationId, null);
    },
    async loadOlder(conversationId: string): Promise<ApiResult<{ hasMore: boolean }>> {
      const held = await db.threads.get(conversationId);
      if (!held) return load(conversationId, null);
      if (!held.hasMore) return ok({ hasMore: false });
      return load(conversationId, held.oldestAt);
    },
    state(conversationId: string): ThreadState {
      return { loading: loading.has(conversationId), error: errors.get(conversationId) ?? null };
    },
    reset() {
      errors.clear();
    },
  };
}
