// Merges a thread's messages, notes, activity and unsent outbox items into one time-ordered list.
import type { Activity } from "../../protocol/api";
import type { Message, Note } from "../../protocol/entities";
import type { OutboxItem } from "../../protocol/snapshots";

export type TimelineEntry =
  | { kind: "message"; key: string; at: string; message: Message }
  | { kind: "note"; key: string; at: string; note: Note }
  | { kind: "activity"; key: string; at: string; activity: Activity }
  | { kind: "outbox"; key: string; at: string; item: OutboxItem };

/** Activity worth a line in the timeline; reads and plain updates are noise. */
const SHOWN_ACTIONS = new Set(["assigned", "unassigned", "opened", "pending", "snoozed", "resolved", "reopened", "woke", "opted_out", "opted_in"]);

export function timelineEntries(messages: Message[], notes: Note[], activities: Activity[], outbox: OutboxItem[]): TimelineEntry[] {
  // An outbox item whose message already arrived (same client id) is shown once, as the message.
  const sentClientIds = new Set(messages.map((m) => m.clientId).filter(Boolean));
  const entries: TimelineEntry[] = [
    ...messages.map((message) => ({ kind: "message" as const, key: `m:${message.id}`, at: message.createdAt, message })),
    ...notes.map((note) => ({ kind: "note" as const, key: `n:${note.id}`, at: note.createdAt, note })),
    ...activities
      .filter((a) => SHOWN_ACTIONS.has(a.action))
      .map((activity) => ({ kind: "activity" as const, key: `a:${activity.seq}`, at: activity.createdAt, activity })),
    ...outbox.filter((o) => !sentClientIds.has(o.clientId)).map((item) => ({ kind: "outbox" as const, key: `o:${item.clientId}`, at: item.createdAt, item })),
  ];
  return entries.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
}
