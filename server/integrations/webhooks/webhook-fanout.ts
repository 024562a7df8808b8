// Which endpoint gets which event, read from the feed after commit (never on the write path): the feed is
// the outbox. One stretch's jobs are stored in the transaction that moves the webhook cursor, and only if the
// cursor still stands where it was read (webhook-jobs.repository.ts), so several instances reading the same
// stretch store its jobs once; a crash before that commit reads the stretch again. Jobs are also unique per
// (endpoint, webhook-id), so nothing is queued twice for one endpoint.
import type { ServerContext } from "../../context";
import { headSeq, positionOf, toEvent } from "../../events/events.repository";
import { advanceWebhookCursor, webhookCursor, type NewWebhookJob } from "./webhook-jobs.repository";
import { orderKeyOf, webhookBody, webhookTypesOf } from "./webhook-events";
import { activeEndpoints, feedStretch } from "./webhooks.repository";
import { warmDeliveryThread } from "./webhook-delivery-thread";

const BATCH = 500;
/**
 * With no endpoint the cursor follows the head only this many events at a time: moving it is a write (on SQLite a
 * durable commit) per committed batch that buys nothing, since an endpoint gets only what happens after it is
 * registered. An endpoint registered later reads at most this stretch again.
 */
const IDLE_STRIDE = 1000;

/**
 * Reads the feed past the cursor and queues its deliveries. `queued`: how many (0 also when another instance
 * won the stretch); `more`: the feed goes on past what was read.
 */
export async function fanOutWebhooks(ctx: ServerContext, at: string): Promise<{ queued: number; more: boolean }> {
  const { db } = ctx.database;
  const from = await webhookCursor(db);
  const head = await headSeq(db);
  if (head <= from) return { queued: 0, more: false };
  const endpoints = await activeEndpoints(db);
  if (endpoints.length > 0) warmDeliveryThread();
  // No endpoint: nothing in the stretch is anyone's, so the cursor goes straight to the head, now and then.
  if (endpoints.length === 0 && head - from < IDLE_STRIDE) return { queued: 0, more: false };
  const rows = endpoints.length > 0 ? await feedStretch(db, from, head, BATCH) : [];
  const to = rows.length === BATCH ? positionOf(rows[rows.length - 1]) : head;
  const jobs: NewWebhookJob[] = [];
  for (const row of rows) {
    const event = toEvent(row);
    for (const type of webhookTypesOf(event)) {
      const body = webhookBody(type, event.createdAt, event.data);
      const messageId = `msg_${event.seq}_${type.replace(".", "_")}`;
      for (const e of endpoints) {
        // An endpoint gets what happened after it was registered, not the history before it.
        if (e.eventTypes.includes(type) && event.createdAt >= e.createdAt)
          jobs.push({ endpointId: e.id, messageId, eventType: type, orderKey: orderKeyOf(event), position: event.seq, payload: body });
      }
    }
  }
  const moved = await advanceWebhookCursor(db, ctx.database.sqlite, from, to, jobs, at);
  return { queued: moved ? jobs.length : 0, more: moved && to < head };
}
