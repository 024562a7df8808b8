// In-process fan-out of committed changes to whoever listens: events (the stream hub, the delivery worker)
// and access changes (the stream's access guard). Listeners get them only after their transaction committed,
// events in seq order.
import type { SidetextEvent } from "../../src/protocol/events";

export type EventListener = (events: SidetextEvent[]) => void;

/**
 * What open streams must follow at once: users whose inbox memberships changed (added or removed), or one
 * session that was signed out. Not part of the event feed: these say who may read, not what happened.
 */
export type AccessChange =
  | { type: "membership"; userIds: string[] }
  | { type: "signed_out"; userId: string; tokenHash: string }
  /** Another process changed the database (the CLI on SQLite): whose access changed is unknown, read it all again. */
  | { type: "outside" };
export type AccessListener = (change: AccessChange) => void;

export class EventBus {
  private listeners = new Set<EventListener>();
  private accessListeners = new Set<AccessListener>();

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * The highest seq every listener has been handed, when that can lag the event table (several
   * instances: SequencedBus); null when events are published right as they commit.
   */
  get publishedSeq(): number | null {
    return null;
  }

  publish(events: SidetextEvent[]) {
    if (events.length === 0) return;
    for (const listener of this.listeners) listener(events);
  }

  /**
   * A local transaction committed these events: publishes them; where positions are given after commit
   * (PostgreSQL: SequencedBus), returns a promise that resolves once they are in the feed.
   */
  committed(events: SidetextEvent[]): void | Promise<void> {
    this.publish(events);
  }

  onAccessChange(listener: AccessListener): () => void {
    this.accessListeners.add(listener);
    return () => this.accessListeners.delete(listener);
  }

  /** Called right after the change committed (here, or on another instance: cluster/access-notice.ts). */
  accessChanged(change: AccessChange) {
    if (change.type === "membership" && change.userIds.length === 0) return;
    for (const listener of this.accessListeners) listener(change);
  }
}
