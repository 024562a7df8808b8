// The rollups follow the event feed with one cursor: a pass reads the next events after it, runs them through
// the metrics (metrics.ts) against the conversations' stored state, and writes the day buckets, the state and
// the cursor in one transaction. On PostgreSQL the cursor row is locked for the pass, so two instances never
// count an event twice. A rebuild empties the tables and replays the feed from its oldest retained event.
import type { Executor } from "../db/executor";
import type { ServerContext } from "../context";
import type { SidetextEvent } from "../../src/protocol/events";
import { toEvent } from "../events/events.repository";
import type { ConversationState } from "./analytics.schema";
import { Deltas } from "./deltas";
import { applyEvent } from "./metrics";
import {
  clearRollups,
  eventsAfter,
  loadContactTags,
  loadSettings,
  loadStates,
  lockCursor,
  moveCursor,
  saveBuckets,
  saveContactTags,
  saveStates,
} from "./rollups.repository";

const BATCH = 2000;

/** One batch; returns how many events it consumed (0: caught up). */
export async function consumeFeed(ctx: ServerContext, batch = BATCH): Promise<number> {
  return ctx.database.db.transaction().execute(async (trx) => {
    const rows = await eventsAfter(trx, await lockCursor(trx), batch);
    if (rows.length === 0) return 0;
    const events = rows.map(toEvent);
    await applyEvents(trx, events);
    await moveCursor(trx, events[events.length - 1].seq);
    return rows.length;
  });
}

async function applyEvents(trx: Executor, events: SidetextEvent[]) {
  const conversationIds = new Set<string>();
  const contactIds = new Set<string>();
  const everyContact = new Set<string>();
  const failing: string[] = [];
  for (const e of events) {
    const d = e.data as { contactId?: string };
    if (e.type.startsWith("contact.")) everyContact.add((e.data as { id: string }).id);
    else if (typeof d.contactId === "string") everyContact.add(d.contactId);
    if (e.type.startsWith("conversation.")) conversationIds.add((e.data as { id: string }).id);
    else if (e.type.startsWith("message.") || e.type === "sla.breached") conversationIds.add((e.data as { conversationId: string }).conversationId);
    if (e.type === "contact.updated" && e.action === "opted_out") contactIds.add(e.data.id);
    if (e.type === "message.updated" && (e.data.status === "failed" || e.data.status === "undelivered")) failing.push(e.data.id);
  }
  const states = await loadStates(trx, [...conversationIds], [...contactIds]);
  const { hours, targets, failedBefore } = await loadSettings(trx, failing);
  const tags = await loadContactTags(trx, [...everyContact]);
  const changedTags = new Set<string>();
  const failedNow = new Set<string>();
  const dirty = new Map<string, ConversationState>();
  const deltas = new Deltas();
  const env = {
    state: (id: string) => states.get(id),
    put: (s: ConversationState) => {
      states.set(s.conversationId, s);
      dirty.set(s.conversationId, s);
    },
    ofContact: (contactId: string) => [...states.values()].filter((s) => s.contactId === contactId),
    hours: (inboxId: string) => hours.get(inboxId) ?? null,
    target: (inboxId: string) => targets.get(inboxId) ?? null,
    firstFailure: (messageId: string) => {
      if (failedBefore.has(messageId) || failedNow.has(messageId)) return false;
      failedNow.add(messageId);
      return true;
    },
    tagsOf: (contactId: string) => tags.get(contactId) ?? [],
    setTags: (contactId: string, next: readonly string[]) => {
      tags.set(contactId, next);
      changedTags.add(contactId);
    },
  };
  for (const e of events) applyEvent(env, deltas, e);
  await saveStates(trx, [...dirty.values()], [...failedNow]);
  await saveBuckets(trx, [...deltas.buckets.values()]);
  await saveContactTags(
    trx,
    [...changedTags].map((contactId) => ({ contactId, tags: JSON.stringify(tags.get(contactId) ?? []) })),
  );
}

/**
 * Consumes until caught up with the feed's head (or stopped); returns the events consumed. The rows come out
 * the same for any `batch` (tests/server/analytics-batches.test.ts); a bulk rebuild passes a large one, so a day
 * bucket is read and rewritten a few times a day instead of once per 2,000 events.
 */
export async function catchUp(ctx: ServerContext, stopped: () => boolean = () => false, batch = BATCH): Promise<number> {
  let total = 0;
  for (let n = await consumeFeed(ctx, batch); n > 0 && !stopped(); n = await consumeFeed(ctx, batch)) total += n;
  return total;
}

/** Empties the rollups and replays the retained feed (the rollups then hold what the feed still reaches). */
export async function rebuildAnalytics(ctx: ServerContext): Promise<number> {
  await ctx.database.db.transaction().execute((trx) => clearRollups(trx));
  return catchUp(ctx);
}
