// The retention job: prunes the audit trail's own rows past their retention (trail-retention.ts) and applies
// the message-body setting to the database — messages, the conversations'
// previews and the feed's copies of them (every event carries its entity, so a body lives there too). Small
// batches, one transaction each; it starts where the last run stopped (`appliedBefore`). With several
// instances only the leader runs it (background-loop.ts); two at once would do the same idempotent writes.
//
// Not reached: copies already in clients' caches (they keep what they downloaded until they bootstrap again)
// and media files (a redacted text's attachments stay in media storage; the message no longer points at them).
import type { ServerContext } from "../context";
import type { Executor } from "../db/executor";
import { startBackgroundLoop } from "../background-loop";
import { deletedByRetention, retainedData, type RetentionCut } from "./audit-rows";
import { readRetention, retentionCut } from "./retention";
import { pruneAuditTrail } from "./trail-retention";
import {
  blankOldPreviews,
  deleteEventsBySeq,
  eventsToRetain,
  markRetentionApplied,
  messagesToRetain,
  retainMessages,
  setEventData,
} from "./retention.repository";

const BATCH = 500;
const TICK_MS = 10 * 60_000;

interface RetentionRun {
  messages: number;
  events: number;
  conversations: number;
}

/** One run at `at`: everything written before the cutoff follows the setting afterwards. */
export async function applyRetention(db: Executor, at: Date, stopped: () => boolean = () => false): Promise<RetentionRun> {
  const setting = await readRetention(db);
  const cut = retentionCut(setting, at);
  const run: RetentionRun = { messages: 0, events: 0, conversations: 0 };
  if (cut.cutoff === null) return run;
  const since = setting.appliedBefore;
  run.messages = await applyToMessages(db, cut, since, stopped);
  run.events = await applyToEvents(db, cut, since, stopped);
  run.conversations = await blankOldPreviews(db, cut.cutoff);
  if (!stopped()) await markRetentionApplied(db, setting, cut.cutoff);
  return run;
}

async function applyToMessages(db: Executor, cut: RetentionCut, since: string | null, stopped: () => boolean): Promise<number> {
  let total = 0;
  while (!stopped()) {
    const ids = await messagesToRetain(db, cut, since, BATCH);
    if (ids.length === 0) break;
    await retainMessages(db, cut.mode, ids);
    total += ids.length;
  }
  return total;
}

/** Message and conversation events before the cutoff: bodies and previews blanked, or message events deleted. */
async function applyToEvents(db: Executor, cut: RetentionCut, since: string | null, stopped: () => boolean): Promise<number> {
  const cutoff = cut.cutoff!;
  let key: { createdAt: string; seq: number } | null = null;
  let total = 0;
  while (!stopped()) {
    const rows = await eventsToRetain(db, cutoff, since, key, BATCH);
    if (rows.length === 0) break;
    const last = rows[rows.length - 1];
    key = { createdAt: last.createdAt, seq: Number(last.seq) };
    await db.transaction().execute(async (trx) => {
      const gone = rows.filter((r) => deletedByRetention(r, cut)).map((r) => r.seq);
      await deleteEventsBySeq(trx, gone.map(Number));
      total += gone.length;
      for (const r of rows) {
        if (deletedByRetention(r, cut)) continue;
        const data = JSON.parse(r.data) as Record<string, unknown>;
        const kept = retainedData(r, data, cut);
        if (!changed(data, kept)) continue;
        await setEventData(trx, Number(r.seq), JSON.stringify(kept));
        total++;
      }
    });
  }
  return total;
}

const changed = (a: Record<string, unknown>, b: Record<string, unknown>) =>
  a.body !== b.body || a.preview !== b.preview || (Array.isArray(a.media) && a.media.length > 0 && (b.media as unknown[]).length === 0);

/** The background worker: every 10 minutes, and at once when the setting changes (on any instance). */
export function startRetention(ctx: ServerContext, clock: () => Date = () => new Date()): () => Promise<void> {
  const loop = startBackgroundLoop(ctx, {
    name: "message retention",
    tickMs: TICK_MS,
    wakeOn: (events) => events.some((e) => e.type === "retention.updated"),
    pass: async (stopped) => {
      await applyRetention(ctx.database.db, clock(), stopped);
      await pruneAuditTrail(ctx.database.db, ctx.config.auditRetentionMs, clock(), stopped);
    },
  });
  return loop.stop;
}
