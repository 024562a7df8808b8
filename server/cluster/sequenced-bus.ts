// The event bus of an instance on PostgreSQL, which may share its database with other instances. Listeners
// (the stream hub, …) must see every event once and in feed order, whichever instance wrote it. Events get
// their position after commit (sequencer.ts), so every event, local or not, is published from the event
// table by position: after a sequencer turn here, a notification of another's turn ("head is N"), or a poll
// (a notification may be lost). Notifications are never trusted for order or content.
//
// Positions above the cut-over (migration 030) are dense: a read that does not continue at published + 1
// means something is wrong (an event pruned under a lagging instance, a bug); the bus then stops at the
// hole and reads again later, and never jumps past it.
import type { Kysely } from "kysely";
import type { SidetextEvent } from "../../src/protocol/events";
import type { ServerLog } from "../context";
import type { Database } from "../db/schema";
import { EventBus } from "../events/event-bus";
import { feedCutover, numberedEventsAfter, positionOf, toEvent } from "../events/events.repository";

const READ_PAGE = 500;
const HOLE_RETRY_MS = 200;
/**
 * How long another instance's NOTIFY waits before this bus reads (several turns, one read). With three
 * instances each bus read about one turn of every other instance's batch, each a query of its own.
 */
const NOTIFY_GATHER_MS = 8;

export class SequencedBus extends EventBus {
  /** The event table may hold positions above `published` (a poll, a hole, a full page). */
  private behind = false;
  /**
   * The highest head announced (a turn here, a notification): read while `published` is below it. A turn here
   * is announced twice (its answer, then its own notification, often while the first read runs): one read.
   */
  private announced = 0;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  private holeTimer: NodeJS.Timeout | null = null;
  private gatherTimer: NodeJS.Timeout | null = null;
  /** Called after a local commit: the sequencer numbers its events (resolves when it has). */
  onLocalCommit: () => Promise<void> = async () => {};

  /** Positions above it are dense (migration 030); read before the first page. */
  private cutover: number | null = null;

  /** `published`: the feed's head when the instance started; everything after it is published here. */
  constructor(
    readonly db: Kysely<Database>,
    private published: number,
    readonly log: ServerLog,
  ) {
    super();
  }

  override get publishedSeq(): number {
    return this.published;
  }

  /** A local transaction committed: its events have no position yet; resolves once they have one. */
  override committed(events: SidetextEvent[]): void | Promise<void> {
    if (events.length) return this.onLocalCommit();
  }

  override publish(events: SidetextEvent[]) {
    void this.committed(events);
  }

  /**
   * A turn run here, right after a local commit and on its connection, numbered everything committed
   * up to `head` (inbound batches run one in the commit's round trip): publish, no further turn needed.
   * `mine`: the events the turn numbered, when they were all this instance's one transaction (migration
   * 390), in their insert order. When the feed is published right up to them, they are published as they
   * are, at head - n + 1 … head, instead of being read back from the event table.
   */
  numberedHere(head: number, mine: SidetextEvent[] | null = null) {
    const first = head - (mine?.length ?? 0);
    const upToThem = this.published === first && this.announced <= first && !this.behind && !this.running && !this.stopped;
    // Above the cut-over, where positions are dense (the first read of the bus finds the cut-over).
    if (mine?.length && upToThem && this.cutover !== null && first >= this.cutover) {
      for (const [i, event] of mine.entries()) event.seq = first + i + 1;
      this.emit(mine);
      return;
    }
    this.committedElsewhere(head);
  }

  /**
   * Another instance's turn moved the head to `seq` (its NOTIFY): read a little later, so that the turns of
   * several instances that end close together cost one read here, not one each.
   */
  notified(seq: number) {
    if (seq <= Math.max(this.published, this.announced)) return;
    this.announced = seq;
    if (this.running) this.again = true;
    else
      this.gatherTimer ??= setTimeout(() => {
        this.gatherTimer = null;
        this.drain();
      }, NOTIFY_GATHER_MS);
  }

  /** The feed's head moved to `seq` (a sequencer turn, here or elsewhere), or (no seq) may have: read it. */
  committedElsewhere(seq?: number) {
    if (seq === undefined) this.behind = true;
    else if (seq <= Math.max(this.published, this.announced)) return;
    else this.announced = seq;
    this.drain();
  }

  /** Resolves once everything known so far is published (tests, shutdown). */
  async settled() {
    while (this.running) await this.running;
  }

  /** Publishes nothing more (the database is about to close); waits for a read in progress. */
  async stop() {
    this.stopped = true;
    if (this.holeTimer) clearTimeout(this.holeTimer);
    if (this.gatherTimer) clearTimeout(this.gatherTimer);
    await this.settled();
  }

  private drain() {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    let failed = false;
    this.running = this.run()
      .catch((err) => {
        // The database is unreachable: the next poll tries again from the same position.
        this.log.error({ err }, "event feed: reading the event table failed");
        this.behind = true;
        failed = true;
      })
      .finally(() => {
        this.running = null;
        // Asked again between the run's last check and here (a few microtasks): not lost.
        if (this.again && !failed) this.drain();
      });
  }

  private async run() {
    do {
      this.again = false;
      while ((this.behind || this.announced > this.published) && !this.stopped) {
        this.behind = false;
        this.cutover ??= await feedCutover(this.db);
        const target = this.announced;
        const rows = await numberedEventsAfter(this.db, this.published, READ_PAGE);
        const events = this.untilHole(rows.map(toEvent));
        if (events.length) this.emit(events);
        if (events.length < rows.length) return this.retryAfterHole(positionOf(rows[events.length]));
        if (rows.length === READ_PAGE) this.behind = true;
        // A head announced before the read was committed before it, so the read reached it; a short page ending
        // below it (pruned under us) ends here rather than reading in a loop. One announced during the read: read again.
        else if (this.announced === target) this.announced = Math.min(target, this.published);
      }
    } while (this.again && !this.stopped);
  }

  /** The events that continue the feed without a hole above the cut-over. */
  private untilHole(events: SidetextEvent[]): SidetextEvent[] {
    const cutover = this.cutover!;
    let last = this.published;
    for (let i = 0; i < events.length; i++) {
      const seq = events[i].seq;
      if (seq > cutover && seq !== Math.max(last, cutover) + 1) return events.slice(0, i);
      last = seq;
    }
    return events;
  }

  private retryAfterHole(found: number) {
    this.log.error({ missing: this.published + 1, found }, "event feed: a position is missing; reading again, not skipping it");
    this.holeTimer ??= setTimeout(() => {
      this.holeTimer = null;
      this.committedElsewhere();
    }, HOLE_RETRY_MS);
  }

  private emit(events: SidetextEvent[]) {
    this.published = events[events.length - 1].seq;
    try {
      super.publish(events);
    } catch (err) {
      this.log.error({ err }, "event listener failed");
    }
  }
}
