// Issue 14 (cost per text), migration 350: the sequencer's "committed events without a position, oldest first"
// and the backlog metric read the few live rows of event_unsequenced, not every event version written since the
// last vacuum. Before, event_pos held an entry for every event written with `pos` null, the sequencer's UPDATE
// left it behind, and the planner scanned those entries and their heap pages (15 ms a turn after 5,000 texts).
import { sql } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openDatabase, type Db } from "../../server/db/database";
import { tempDbFile } from "../support/server";
import { createPostgresDatabase, NO_POSTGRES, onPostgres, postgresAvailable } from "../support/test-database";

const skipReason = postgresAvailable ? "runs in the server-postgres pass" : NO_POSTGRES;

describe.skipIf(!onPostgres)(`reading the unnumbered events on PostgreSQL${onPostgres ? "" : ` (skipped: ${skipReason})`}`, () => {
  let db: Db;
  beforeEach(async () => {
    db = await openDatabase(await createPostgresDatabase(tempDbFile()));
  });
  afterEach(() => db.close());

  const plan = async (query: ReturnType<typeof sql>) =>
    (await sql<{ "QUERY PLAN": string }>`explain ${query}`.execute(db.db)).rows.map((r) => r["QUERY PLAN"]).join("\n");

  it("uses event_unsequenced after thousands of events were numbered, and the feed's reads still use the position indexes", async () => {
    const write = (n: number) =>
      sql`insert into event (type, data, "createdAt") select 'template.created', '{}', now()::text from generate_series(1, ${n}::int)`.execute(db.db);
    const turn = () => sql<{ head: number; assigned: number }>`select * from sidetext_sequence_events(1000)`.execute(db.db);
    // 20,000 events written and numbered in turns, as a busy hour leaves them before autovacuum runs; its analyze
    // saw a few hundred waiting for their turn (so the planner expects some rows with pos null).
    for (let i = 0; i < 20; i++) {
      await write(1000);
      await turn();
    }
    await write(400);
    await sql`analyze event`.execute(db.db);
    await turn();
    await write(50);

    // The sequencer's read (migration 030's function) and the backlog metric (events.repository.ts: unsequencedEvents).
    expect(await plan(sql`select seq, xact from event where pos is null order by seq limit 1000`)).toContain("using event_unsequenced");
    expect(await plan(sql`select count(*) as n, min("createdAt") as oldest from event where pos is null`)).toContain("using event_unsequenced");
    // Readers compare pos, which implies it is not null: the partial indexes serve them.
    expect(await plan(sql`select * from event where pos > 100 order by pos limit 10`)).toContain("using event_pos");
    expect(await plan(sql`select max(pos) from event`)).toContain("using event_pos");
    expect(await plan(sql`select pos from event where pos is not null and "type" not like 'audit.%' order by pos limit 5`)).toContain(
      "using event_feed_position",
    );

    expect((await turn()).rows[0]).toMatchObject({ head: 20450, assigned: 50 });
    // Still one position per event: the unique index holds.
    await expect(sql`update event set pos = 1 where pos = 2`.execute(db.db)).rejects.toThrow(/event_pos/);
  });
});
