// The event bus of an instance that shares its PostgreSQL with others. Listeners (the stream hub, …) must
// see every event once and in seq order, whichever instance wrote it. Events come from three places:
// this instance's commits (in memory), notifications from the others (only "committed up to seq N") and
// a poll (in case a notification was lost). Notifications are never trusted for order or content: events
// written elsewhere are read from the event table by seq. Because writers commit in seq order
// (transaction.ts), a visible seq means every lower one is committed or will never exist.
import type { Kysely } from "kysely";
import type { SidetextEvent } from "../../src/protocol/events";
import type { Database } from "../db/schema";
import { EventBus } from "../events/event-bus";
import { toEvent } from "../events/feed";

const READ_PAGE = 500;

export class SequencedBus extends EventBus {
  /** Events committed here that are not yet published, by seq. */
  private local = new Map<number, SidetextEvent>();
  /** The event table may hold events above `published` (a notification, a poll, a gap). */
  private behind = false;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  /** Called with the highest seq of each local commit (the cluster tells the other instances). */
  onLocalCommit: (seq: number) => void = () => {};

  /** `published`: the feed's head when the instance started; everything after it is published here. */
  constructor(private db: Kysely<Database>, private published: number) {
    super();
  }

  override get publishedSeq(): number {
    return this.published;
  }

  /** A local transaction committed these events (called by inTransaction). */
  override publish(events: SidetextEvent[]) {
    if (events.length === 0) return;
    for (const event of events) if (event.seq > this.published) this.local.set(event.seq, event);
    this.onLocalCommit(events[events.length - 1].seq);
    this.drain();
  }

  /** Another instance committed up to `seq`, or (no seq) may have: read the table. */
  committedElsewhere(seq?: number) {
    if (seq !== undefined && seq <= this.published) return;
    this.behind = true;
    this.drain();
  }

  /** Resolves once everything known so far is published (tests, shutdown). */
  async settled() {
    while (this.running) await this.running;
  }

  /** Publishes nothing more (the database is about to close); waits for a read in progress. */
  async stop() {
    this.stopped = true;
    await this.settled();
  }

  private drain() {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.run()
      .catch((err) => {
        // The database is unreachable: the next poll tries again from the same seq.
        console.error("event feed:", err);
        this.behind = true;
      })
      .finally(() => (this.running = null));
  }

  private async run() {
    do {
      this.again = false;
      for (;;) {
        // The common case: the next seq was committed here, publish it from memory.
        const next = this.takeConsecutiveLocal();
        if (next.length) {
          this.emit(next);
          continue;
        }
        if (!this.behind && this.local.size === 0) break;
        this.behind = false;
        const rows = await this.db.selectFrom("event").selectAll().where("seq", ">", this.published).orderBy("seq").limit(READ_PAGE).execute();
        if (rows.length === 0) {
          // Local events are committed before they reach us, so the read saw them: only stale ones remain.
          for (const seq of this.local.keys()) if (seq <= this.published) this.local.delete(seq);
          break;
        }
        this.emit(rows.map((row) => this.local.get(Number(row.seq)) ?? toEvent(row)));
        if (rows.length === READ_PAGE) this.behind = true;
      }
    } while (this.again);
  }

  private takeConsecutiveLocal(): SidetextEvent[] {
    const out: SidetextEvent[] = [];
    for (let seq = this.published + 1; this.local.has(seq); seq++) out.push(this.local.get(seq)!);
    return out;
  }

  private emit(events: SidetextEvent[]) {
    this.published = events[events.length - 1].seq;
    for (const event of events) this.local.delete(event.seq);
    for (const seq of this.local.keys()) if (seq <= this.published) this.local.delete(seq);
    try {
      super.publish(events);
    } catch (err) {
      console.error("event listener:", err);
    }
  }
}
