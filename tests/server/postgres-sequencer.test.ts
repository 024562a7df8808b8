// The feed's positions on PostgreSQL, in scripted interleavings on a real server (issue 14): writers commit
// in any order with no global lock, and the sequencer (one short transaction behind a try-lock, on any
// instance) numbers committed events densely. A reader that reads "after N" never skips a late commit,
// never meets a hole, and sees each event once.
import { sql } from "kysely";
import pg from "pg";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openDatabase, type Db } from "../../server/db/database";
import { startSequencer, type Sequencer } from "../../server/cluster/sequencer";
import { feedBacklog } from "../../server/cluster/feed-metrics";
import { tempDbFile, waitFor } from "../support/server";
import { createPostgresDatabase, NO_POSTGRES, onPostgres, postgresAvailable } from "../support/test-database";

const skipReason = postgresAvailable ? "runs in the server-postgres pass" : NO_POSTGRES;

describe.skipIf(!onPostgres)(`the feed's positions on PostgreSQL${onPostgres ? "" : ` (skipped: ${skipReason})`}`, () => {
  let url: string;
  let db: Db;
  const clients: pg.Client[] = [];
  const sequencers: Sequencer[] = [];

  const connect = async () => {
    const client = new pg.Client({ connectionString: url });
    client.on("error", () => {}); // a terminated backend
    await client.connect();
    clients.push(client);
    return client;
  };
  /** A writer: an open transaction that has inserted one event (no position), committed or not by the test. */
  const write = async (client: pg.Client, label: string) => {
    await client.query("begin");
    await client.query(`insert into event (type, data, "createdAt") values ('template.created', $1, now()::text)`, [JSON.stringify({ label })]);
  };
  /** One sequencer turn, as any instance runs it. */
  const turn = async (on?: pg.Client) => {
    const rows = on
      ? (await on.query("select * from sidetext_sequence_events(1000)")).rows
      : (await sql`select * from sidetext_sequence_events(1000)`.execute(db.db)).rows;
    return rows[0] as { head: number | null; assigned: number };
  };
  /** What a reader sees after `after`: labels by position. */
  const readAfter = async (after: number) => {
    const { rows } = await clients[0].query(`select pos::int as pos, data::json->>'label' as label from event where pos > $1 order by pos`, [after]);
    return rows as Array<{ pos: number; label: string }>;
  };
  const head = async () => Number((await clients[0].query("select coalesce(max(pos), 0) as head from event")).rows[0].head);

  beforeEach(async () => {
    url = await createPostgresDatabase(tempDbFile());
    db = await openDatabase(url);
    await connect(); // clients[0]: the reader
  });
  afterEach(async () => {
    for (const s of sequencers.splice(0)) await s.stop();
    for (const c of clients.splice(0)) await c.end().catch(() => {});
    await db.close();
  });

  it("a transaction held open while another commits: the late one comes after, both once, no hole", async () => {
    const [early, late] = [await connect(), await connect()];
    const start = await head();
    await write(late, "begun first, committed last");
    await write(early, "begun second, committed first");
    await early.query("commit");
    await turn();
    expect(await readAfter(start)).toEqual([{ pos: start + 1, label: "begun second, committed first" }]);
    const cursor = start + 1;
    await late.query("commit");
    // Until a turn numbers it, the late event is invisible to readers, so no cursor can pass it.
    expect(await readAfter(cursor)).toEqual([]);
    await turn();
    expect(await readAfter(cursor)).toEqual([{ pos: start + 2, label: "begun first, committed last" }]);
  });

  it("counts committed events still without a position, and how long the oldest has waited (metrics)", async () => {
    const writer = await connect();
    for (const label of ["waiting 1", "waiting 2"]) {
      await write(writer, label);
      await writer.query("commit");
    }
    await new Promise((r) => setTimeout(r, 50));
    const waiting = await feedBacklog(db.db);
    expect(waiting.unsequenced).toBe(2);
    expect(waiting.oldestUnsequencedMs).toBeGreaterThanOrEqual(40);
    await turn();
    expect(await feedBacklog(db.db)).toEqual({ head: await head(), unsequenced: 0, oldestUnsequencedMs: 0 });
  });

  it("a rollback leaves no hole", async () => {
    const [a, b, c] = [await connect(), await connect(), await connect()];
    const start = await head();
    await write(a, "kept 1");
    await write(b, "rolled back");
    await write(c, "kept 2");
    await b.query("rollback");
    await a.query("commit");
    await c.query("commit");
    await turn();
    expect(await readAfter(start)).toEqual([
      { pos: start + 1, label: "kept 1" },
      { pos: start + 2, label: "kept 2" },
    ]);
  });

  it("a sequencer killed halfway numbers nothing, and another instance carries on from the same head", async () => {
    const [writer, blocker, sequencing] = [await connect(), await connect(), await connect()];
    const start = await head();
    for (const label of ["one", "two", "three"]) {
      await write(writer, label);
      await writer.query("commit");
    }
    // Hold one of the rows, so the turn blocks in the middle of its update with the lock taken.
    await blocker.query("begin");
    await blocker.query(`select 1 from event where data::json->>'label' = 'three' for update`);
    const pid = (await sequencing.query("select pg_backend_pid() as pid")).rows[0].pid as number;
    const killed = turn(sequencing).then(
      () => "finished",
      (err: Error) => err.message,
    );
    await waitFor(
      "the turn waits on the held row",
      async () => (await clients[0].query("select 1 from pg_stat_activity where pid = $1 and wait_event_type = 'Lock'", [pid])).rowCount === 1,
    );
    // Meanwhile no one else may number anything: the lock is held.
    expect(await turn()).toEqual({ head: null, assigned: 0, xact: null });
    await clients[0].query("select pg_terminate_backend($1)", [pid]);
    expect(await killed).toMatch(/terminat/);
    await blocker.query("rollback");
    expect(await readAfter(start)).toEqual([]);
    // Another instance (its own database handle and loop) takes over.
    const other = await openDatabase(url);
    try {
      const seq = startSequencer(other.db, { sweepMs: 50, onSequenced: () => {} });
      sequencers.push(seq);
      await waitFor("the other instance numbered them", async () => (await readAfter(start)).length === 3);
      expect(await readAfter(start)).toEqual(["one", "two", "three"].map((label, i) => ({ pos: start + 1 + i, label })));
      await seq.stop();
    } finally {
      await other.close();
    }
  });

  it("two sequencer loops flat out while writers commit: dense, unique, each transaction's events together", async () => {
    const others = [await openDatabase(url), await openDatabase(url)];
    const start = await head();
    try {
      for (const o of others) sequencers.push(startSequencer(o.db, { sweepMs: 1, onSequenced: () => {} }));
      const writers = await Promise.all(Array.from({ length: 6 }, () => connect()));
      let rolledBack = 0;
      await Promise.all(
        writers.map(async (w, n) => {
          for (let i = 0; i < 80; i++) {
            await w.query("begin");
            const size = 1 + (i % 3);
            for (let e = 0; e < size; e++)
              await w.query(`insert into event (type, data, "createdAt") values ('template.created', $1, now()::text)`, [
                JSON.stringify({ label: `${n}.${i}.${e}` }),
              ]);
            if (i % 17 === 5) {
              await w.query("rollback");
              rolledBack += size;
            } else await w.query("commit");
            for (const s of sequencers) void s.nudge();
          }
        }),
      );
      await waitFor("everything numbered", async () => Number((await clients[0].query("select count(*) as n from event where pos is null")).rows[0].n) === 0);
      const seen = await readAfter(start);
      expect(seen.map((e) => e.pos)).toEqual(seen.map((_, i) => start + 1 + i));
      expect(new Set(seen.map((e) => e.label)).size).toBe(seen.length);
      // Sizes cycle 1, 2, 3: 80 transactions hold 159 events; none of the rolled-back ones appear.
      expect(seen.length).toBe(6 * 159 - rolledBack);
      expect(rolledBack).toBeGreaterThan(0);
      // A transaction's events sit side by side, in the order it wrote them.
      const byTransaction = new Map<string, number[]>();
      for (const e of seen) {
        const transaction = e.label.split(".").slice(0, 2).join(".");
        byTransaction.set(transaction, [...(byTransaction.get(transaction) ?? []), e.pos]);
      }
      for (const positions of byTransaction.values()) expect(positions).toEqual(positions.map((_, i) => positions[0] + i));
    } finally {
      for (const s of sequencers.splice(0)) await s.stop();
      for (const o of others) await o.close();
    }
  }, 60_000);
});
