// In-process fan-out of committed events to whoever listens (the stream hub, the delivery worker).
// Listeners get events only after their transaction committed, in seq order.
import type { SidetextEvent } from "../../src/protocol/events";

export type EventListener = (events: SidetextEvent[]) => void;

export class EventBus {
  private listeners = new Set<EventListener>();

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
}
