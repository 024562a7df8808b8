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

  publish(events: SidetextEvent[]) {
    if (events.length === 0) return;
    for (const listener of this.listeners) listener(events);
  }
}
