// Issue 14 (cost per text): on PostgreSQL the background workers' passes (push, CRM log, automations) bound
// their stretch of the feed by the head this instance's bus has published, with no `select max(pos)` round trip
// (db/published-head.ts). Inside a transaction, with the bus stopped, or with the bus stuck at a hole, they
// ask the database as before.
import { sql } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SequencedBus } from "../../server/cluster/sequenced-bus";
import { openDatabase, type Db } from "../../server/db/database";
import { feedHead } from "../../server/push/push-jobs.repository";
import { tempDbFile } from "../support/server";
import { createPostgresDatabase, NO_POSTGRES, onPostgres, postgresAvailable } from "../support/test-database";

const skipReason = postgresAvailable ? "runs in the server-postgres pass" : NO_POSTGRES;

describe.skipIf(!onPostgres)(`the feed head the workers use on PostgreSQL${onPostgres ? "" : ` (skipped: ${skipReason})`}`, () => {
  let db: Db;
  beforeEach(async () => {
    db = await openDatabase(await createPostgresDatabase(tempDbFile()));
  });
  afterEach(() => db.close());

  /** Commits `n` events and numbers them (one sequencer turn), telling no bus; returns the new head. */
  const commitAndNumber = async (n: number) => {
    for (let i = 0; i < n; i++) await sql`insert into event (type, data, "createdAt") values ('template.created', '{}', now()::text)`.execute(db.db);
    const { rows } = await sql<{ head: number }>`select * from sidetext_sequence_events(1000)`.execute(db.db);
    return Number(rows[0].head);
  };

  it("is what the bus has published, without a query; a transaction and a stopped bus ask the database", async () => {
    const start = await commitAndNumber(2);
    const errors: unknown[] = [];
    const bus = new SequencedBus(db.db, start, { error: (details) => errors.push(details) });
    const head = await commitAndNumber(3);

    // The database's head is 3 further on; the bus has not read those events yet, so the workers do not either.
    expect(await feedHead(db.db)).toBe(start);
    await db.db.transaction().execute(async (tx) => expect(await feedHead(tx)).toBe(head));

    bus.numberedHere(head);
    await bus.settled();
    expect(await feedHead(db.db)).toBe(head);

    await bus.stop();
    const later = await commitAndNumber(1);
    expect(await feedHead(db.db)).toBe(later);
    expect(errors).toEqual([]);
  });

  it("asks the database while the bus is stuck at a hole", async () => {
    const start = await commitAndNumber(1);
    const errors: unknown[] = [];
    const bus = new SequencedBus(db.db, start, { error: (details) => errors.push(details) });
    const head = await commitAndNumber(2);
    await sql`delete from event where pos = ${start + 1}`.execute(db.db); // pruned under a lagging instance, say

    bus.committedElsewhere(head);
    await bus.settled();
    expect(bus.publishedSeq).toBe(start); // it never jumps past the hole
    expect(errors).toHaveLength(1);
    expect(await feedHead(db.db)).toBe(head);
    await bus.stop();
  });
});
