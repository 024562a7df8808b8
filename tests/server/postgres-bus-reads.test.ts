// Issue 14 (cost per text): an instance's bus reads each sequencer turn's events once. A turn run here is
// announced twice — the turn's answer, then its own NOTIFY, which often arrives while the first read runs —
// and that second announcement must not cost a second read; a head announced during a read that could not
// see it must still be read (never lost), and every event is published once, in order.
import { type KyselyPlugin, sql } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { SidetextEvent } from "../../src/protocol/events";
import { SequencedBus } from "../../server/cluster/sequenced-bus";
import { openDatabase, type Db } from "../../server/db/database";
import { tempDbFile } from "../support/server";
import { createPostgresDatabase, NO_POSTGRES, onPostgres, postgresAvailable } from "../support/test-database";

const skipReason = postgresAvailable ? "runs in the server-postgres pass" : NO_POSTGRES;

describe.skipIf(!onPostgres)(`the bus's reads of the feed on PostgreSQL${onPostgres ? "" : ` (skipped: ${skipReason})`}`, () => {
  let db: Db;
  beforeEach(async () => {
    db = await openDatabase(await createPostgresDatabase(tempDbFile()));
  });
  afterEach(() => db.close());

  /** Commits `n` events and numbers them (one sequencer turn); returns the new head. */
  const commitAndNumber = async (n: number) => {
    for (let i = 0; i < n; i++) await sql`insert into event (type, data, "createdAt") values ('template.created', '{}', now()::text)`.execute(db.db);
    const { rows } = await sql<{ head: number }>`select * from sidetext_sequence_events(1000)`.execute(db.db);
    return Number(rows[0].head);
  };

  /** A bus whose feed reads are counted, and can be held before their rows come back. */
  const countedBus = async () => {
    const counted = { reads: 0, hold: null as Promise<void> | null };
    const plugin: KyselyPlugin = {
      transformQuery: (args) => {
        if (args.node.kind === "SelectQueryNode") counted.reads++;
        return args.node;
      },
      transformResult: async (args) => {
        if (counted.hold) await counted.hold;
        return args.result;
      },
    };
    const errors: unknown[] = [];
    const bus = new SequencedBus(db.db.withPlugin(plugin), await commitAndNumber(0), { error: (details) => errors.push(details) });
    const seen: number[] = [];
    bus.subscribe((events) => seen.push(...events.map((e) => e.seq)));
    return { bus, counted, seen, errors };
  };

  it("a turn announced by its answer and again by its NOTIFY during the read is read once", async () => {
    const { bus, counted, seen, errors } = await countedBus();
    const head = await commitAndNumber(3);
    bus.numberedHere(head);
    bus.committedElsewhere(head); // the turn's own notification, while the read runs
    await bus.settled();
    bus.committedElsewhere(head); // and once it is done
    await bus.settled();
    const cutoverRead = 1; // the dense-above position, read once per bus
    expect(counted.reads - cutoverRead).toBe(1);
    expect(seen).toEqual([head - 2, head - 1, head]);
    expect(errors).toEqual([]);
  });

  it("a head announced during a read that cannot see it is read next, once", async () => {
    const { bus, counted, seen, errors } = await countedBus();
    const first = await commitAndNumber(2);
    bus.numberedHere(first);
    await bus.settled();
    const readsBefore = counted.reads;

    // A read starts for a third event; before its rows come back, two more are committed and announced.
    let release = () => {};
    counted.hold = new Promise<void>((resolve) => (release = resolve));
    const second = await commitAndNumber(1);
    bus.numberedHere(second);
    await new Promise((r) => setTimeout(r, 50)); // the read has run in the database, its rows held
    counted.hold = null;
    const third = await commitAndNumber(2);
    bus.committedElsewhere(third);
    release();
    await bus.settled();
    expect(seen).toEqual([first - 1, first, second, third - 1, third]);
    expect(counted.reads - readsBefore).toBe(2);
    expect(errors).toEqual([]);
  });

  /** Commits `n` events in one transaction and runs the turn behind it, as an inbound batch does: the turn's answer and the writer's id. */
  const batchAndTurn = async (n: number) => {
    const events = Array.from({ length: n }, (_, i) => ({
      seq: 0,
      type: "template.created",
      createdAt: new Date().toISOString(),
      actorId: null,
      action: null,
      data: { i },
    }));
    const xact = await db.db.transaction().execute(async (tx) => {
      for (const e of events) await sql`insert into event (type, data, "createdAt") values (${e.type}, ${JSON.stringify(e.data)}, ${e.createdAt})`.execute(tx);
      return (await sql<{ xact: string }>`select pg_current_xact_id()::text as xact`.execute(tx)).rows[0].xact;
    });
    const { rows } = await sql<{ head: number; assigned: number; xact: string | null }>`select * from sidetext_sequence_events(1000)`.execute(db.db);
    return { events: events as unknown as SidetextEvent[], xact, turn: { ...rows[0], head: Number(rows[0].head) } };
  };

  it("a turn that numbered one batch's events alone publishes them as held, without reading them back", async () => {
    const { bus, counted, seen, errors } = await countedBus();
    bus.numberedHere(await commitAndNumber(1)); // the first read (and the cut-over's)
    await bus.settled();
    const readsBefore = counted.reads;

    const { events, xact, turn } = await batchAndTurn(3);
    expect(turn).toMatchObject({ assigned: 3, xact }); // migration 390: the one writer of what it numbered
    bus.numberedHere(turn.head, events);
    expect(counted.reads - readsBefore).toBe(0);
    expect(seen.slice(-3)).toEqual([turn.head - 2, turn.head - 1, turn.head]);
    expect(events.map((e) => e.seq)).toEqual([turn.head - 2, turn.head - 1, turn.head]);

    // Published only right after what the bus has: a bus behind the turn (another's events before it) reads.
    await commitAndNumber(2);
    const later = await batchAndTurn(1);
    bus.numberedHere(later.turn.head, later.events);
    await bus.settled();
    expect(counted.reads - readsBefore).toBe(1);
    expect(seen.slice(-3)).toEqual([later.turn.head - 2, later.turn.head - 1, later.turn.head]);
    expect(new Set(seen).size).toBe(seen.length);
    expect(errors).toEqual([]);
  });

  it("a turn that numbered two transactions' events answers no single writer", async () => {
    await sql`insert into event (type, data, "createdAt") values ('template.created', '{}', now()::text)`.execute(db.db);
    const { turn } = await batchAndTurn(2);
    expect(turn).toMatchObject({ assigned: 3, xact: null });
  });

  it("another instance's notification is read a moment later, with those that follow it", async () => {
    const { bus, counted, seen, errors } = await countedBus();
    bus.numberedHere(await commitAndNumber(1));
    await bus.settled();
    const readsBefore = counted.reads;
    const a = await commitAndNumber(2);
    bus.notified(a);
    await Promise.resolve();
    expect(counted.reads - readsBefore).toBe(0); // not at once: other turns ending close by join this read
    const b = await commitAndNumber(1);
    bus.notified(b);
    bus.notified(a); // late and out of order: nothing more
    await new Promise((r) => setTimeout(r, 40));
    await bus.settled();
    expect(seen.slice(-3)).toEqual([a - 1, a, b]);
    expect(counted.reads - readsBefore).toBeLessThanOrEqual(2); // one, unless b's commit took longer than the wait
    expect(errors).toEqual([]);
  });
});
