// Which CRM work each committed change asks for, read from the event feed after commit (never on the
// message path): a message or note logged (or its record updated with the final delivery status), a
// transcript when a conversation is resolved, a contact looked up when a conversation starts. Jobs are
// stored in the transaction that moves the cursor, only if it still stands where it was read, so of several
// instances exactly one stores a stretch's jobs, and a crash before that commit reads the stretch again.
import type { ServerContext } from "../../context";
import type { SidetextEvent } from "../../../src/protocol/events";
import { positionOf, toEvent } from "../../events/events.repository";
import { allConnections } from "./crm-connections.repository";
import { advanceCrmCursor, crmCursor, type JobRequest } from "./crm-jobs.repository";
import { crmEventsAfter } from "./crm.repository";
import { feedHead } from "../../push/push-jobs.repository";

const BATCH = 500;
/** With no CRM connected the cursor follows the head only this many events at a time (as webhook-fanout.ts). */
const IDLE_STRIDE = 1000;
const FINAL = new Set(["delivered", "undelivered", "failed"]);

/** Reads the feed past the cursor and asks for its jobs; `more`: the feed goes on past what was read. */
export async function fanOutCrmJobs(ctx: ServerContext): Promise<{ queued: number; more: boolean }> {
  const { db } = ctx.database;
  const from = await crmCursor(db);
  const head = await feedHead(db);
  if (head <= from) return { queued: 0, more: false };
  const connections = await allConnections(db);
  // No CRM connected: nothing in the stretch asks for work, so the cursor goes straight to the head, now and then.
  if (connections.length === 0 && head - from < IDLE_STRIDE) return { queued: 0, more: false };
  const rows = connections.length > 0 ? await crmEventsAfter(db, from, head, BATCH) : [];
  const to = rows.length === BATCH ? positionOf(rows[rows.length - 1]) : head;
  const jobs: JobRequest[] = [];
  for (const row of rows) {
    const event = toEvent(row);
    // A connection logs what happens after it is made, not the stretch the idle cursor left behind it.
    for (const c of connections)
      if (event.createdAt >= c.createdAt) for (const job of jobsFor(event, c.id, c.logMode)) jobs.push({ ...job, position: event.seq });
  }
  const moved = await advanceCrmCursor(db, from, to, jobs);
  return { queued: moved ? jobs.length : 0, more: moved && to < head };
}

function jobsFor(event: SidetextEvent, connectionId: string, logMode: string): JobRequest[] {
  const each = logMode !== "transcript";
  switch (event.type) {
    case "conversation.created":
      return [{ connectionId, kind: "contact", entityId: event.data.contactId }];
    case "message.created":
      return each ? [{ connectionId, kind: "message", entityId: event.data.id }] : [];
    case "message.updated":
      return each && FINAL.has(event.data.status) ? [{ connectionId, kind: "message", entityId: event.data.id, onlyIfQueued: true }] : [];
    case "note.created":
      return each ? [{ connectionId, kind: "note", entityId: event.data.id }] : [];
    case "conversation.updated":
      return logMode !== "messages" && event.action === "resolved" ? [{ connectionId, kind: "transcript", entityId: event.data.id }] : [];
    default:
      return [];
  }
}
