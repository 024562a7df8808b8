// The outbox: a send is written to IndexedDB first (fresh clientId), shown at once as "sending", and
// delivered when possible. Every retry reuses the clientId, so the server never sends it twice. Permanent
// refusals (opted out, invalid number) mark it failed with the server's reason; the rep retries or discards.
import type { Api } from "../api/client";
import { fail, isTransient, ok, type ApiResult } from "../api/errors";
import type { OutboxRow } from "../db/rows";
import type { SidetextDb } from "../db/schema";
import { applyBatch } from "./apply";
import { batchOf } from "./batch";
import { backoffMs, type Clock, type TimerId } from "./clock";

export interface OutboxDeps {
  db: SidetextDb;
  clock: Clock;
  random: () => number;
  /** The signed-in API and user, or null when signed out. */
  current: () => { api: Api; meId: string } | null;
  newClientId?: () => string;
  /** A rep queued or retried a message, or one reached the server: the live connection should not lag behind. */
  onServerWanted?: () => void;
}

export function createOutbox(deps: OutboxDeps) {
  const { db, clock } = deps;
  let flushing: Promise<void> | null = null;
  let again = false;
  let forceNext = false;
  let timer: TimerId | null = null;
  const newClientId = deps.newClientId ?? (() => crypto.randomUUID());

  async function enqueue(item: Pick<OutboxRow, "kind" | "conversationId" | "inboxId" | "to" | "body" | "mediaUrls" | "mediaIds">): Promise<string> {
    const row: OutboxRow = {
      ...item,
      clientId: newClientId(),
      state: "sending",
      error: null,
      attempts: 0,
      createdAt: new Date(clock.now()).toISOString(),
      nextAttemptAt: 0,
    };
    await db.outbox.add(row);
    deps.onServerWanted?.();
    void flush();
    return row.clientId;
  }

  async function deliver(api: Api, meId: string, row: OutboxRow): Promise<ApiResult<null>> {
    const res =
      row.kind === "reply"
        ? await api.sendMessage(row.conversationId!, {
            body: row.body,
            clientId: row.clientId,
            ...(row.mediaUrls.length ? { mediaUrls: row.mediaUrls } : {}),
            ...(row.mediaIds?.length ? { mediaIds: row.mediaIds } : {}),
          })
        : await api.startMessage({
            inboxId: row.inboxId,
            to: row.to!,
            body: row.body,
            clientId: row.clientId,
            ...(row.mediaIds?.length ? { mediaIds: row.mediaIds } : {}),
          });
    if (res.ok) {
      const d = res.data as { message: unknown; conversation?: unknown; contact?: unknown };
      // Writing the message also removes the outbox row (same clientId), in one transaction.
      await applyBatch(
        db,
        batchOf({ messages: [d.message], conversations: d.conversation ? [d.conversation] : [], contacts: d.contact ? [d.contact] : [] }),
        meId,
      );
      await db.outbox.delete(row.clientId);
      deps.onServerWanted?.();
      return ok(null);
    }
    const error = res.error;
    if (error.code === "unauthorized") return res; // the engine signs out (onUnauthorized)
    if (isTransient(error)) {
      const attempts = row.attempts + 1;
      await db.outbox.update(row.clientId, { attempts, nextAttemptAt: clock.now() + backoffMs(attempts, deps.random, 2000, 60_000) });
    } else {
      await db.outbox.update(row.clientId, { state: "failed", error, attempts: row.attempts + 1 });
    }
    return res;
  }

  async function flushOnce(force: boolean): Promise<void> {
    const current = deps.current();
    if (!current) return;
    const due = (await db.outbox.orderBy("createdAt").toArray()).filter((r) => r.state === "sending");
    for (const row of due) {
      if (!force && row.nextAttemptAt > clock.now()) continue;
      const res = await deliver(current.api, current.meId, row);
      if (!res.ok && (res.error.code === "unauthorized" || res.error.code === "network")) break; // no point trying the rest now
      if (deps.current()?.api !== current.api) return;
    }
    const waiting = (await db.outbox.toArray()).filter((r) => r.state === "sending");
    if (waiting.length) {
      const next = Math.min(...waiting.map((r) => r.nextAttemptAt));
      if (timer !== null) clock.clearTimeout(timer);
      timer = clock.setTimeout(
        () => {
          timer = null;
          void flush();
        },
        Math.max(next - clock.now(), 1000),
      );
    }
  }

  /**
   * Sends everything due, one flush at a time (a flush asked for meanwhile runs right after). `force` also
   * sends what is waiting out a backoff: the connection just came back, so now is the time.
   */
  function flush(force = false): Promise<void> {
    forceNext ||= force;
    if (flushing) {
      again = true;
      return flushing;
    }
    flushing = (async () => {
      do {
        again = false;
        const f = forceNext;
        forceNext = false;
        await flushOnce(f).catch(() => {});
      } while (again);
      flushing = null;
    })();
    return flushing;
  }

  return {
    sendReply: (conversationId: string, inboxId: string, body: string, mediaUrls: string[] = [], mediaIds: string[] = []) =>
      enqueue({ kind: "reply", conversationId, inboxId, to: null, body, mediaUrls, mediaIds }),
    startThread: (inboxId: string, to: string, body: string, mediaIds: string[] = []) =>
      enqueue({ kind: "start", conversationId: null, inboxId, to, body, mediaUrls: [], mediaIds }),
    async retry(clientId: string): Promise<ApiResult<null>> {
      const n = await db.outbox.update(clientId, { state: "sending", error: null, nextAttemptAt: 0 });
      if (!n) return fail("not_found", "That message is no longer in the outbox.");
      deps.onServerWanted?.();
      void flush();
      return ok(null);
    },
    async discard(clientId: string): Promise<ApiResult<null>> {
      const row = await db.outbox.get(clientId);
      if (!row) return fail("not_found", "That message is no longer in the outbox.");
      if (row.state !== "failed") return fail("conflict", "A message being sent cannot be discarded; it may already be on its way.");
      await db.outbox.delete(clientId);
      return ok(null);
    },
    flush,
    /** Stops the retry timer (sign-out, worker stop); the rows stay for the next start. */
    stop() {
      if (timer !== null) clock.clearTimeout(timer);
      timer = null;
    },
  };
}
