// The audit trail keeps its own rows (administrative changes, exports: `audit.*`) past the feed's retention —
// the feed's pruning leaves them (events.repository.ts) — for as long as SIDETEXT_AUDIT_RETENTION_DAYS says
// (default 7 years, a common record-keeping period; 0 keeps them forever). Run by the retention worker.
import type { Executor } from "../db/executor";
import { deleteAuditRowsBefore } from "./retention.repository";

const BATCH = 500;

/** Deletes the trail's rows older than the retention, a batch per statement; returns how many. */
export async function pruneAuditTrail(db: Executor, retentionMs: number, now: Date, stopped: () => boolean = () => false): Promise<number> {
  if (retentionMs <= 0) return 0;
  const cutoff = new Date(now.getTime() - retentionMs).toISOString();
  let total = 0;
  while (!stopped()) {
    const n = await deleteAuditRowsBefore(db, cutoff, BATCH);
    total += n;
    if (n < BATCH) break;
  }
  return total;
}
