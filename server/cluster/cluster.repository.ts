// The SQL of several instances sharing one PostgreSQL: sequencer turns (migration 030's function), and the
// notifications and liveness locks of the listening connection (postgres-cluster.ts).
import { sql, type Kysely } from "kysely";
import type pg from "pg";
import type { Executor } from "../db/executor";
import type { Database } from "../db/schema";
import { SEQUENCE_FUNCTION } from "../db/migrations/030_event_position";

/** One sequencer turn: the new head (null when another transaction held the sequence lock) and how many it numbered. */
export async function sequenceTurn(db: Kysely<Database>, batch: number): Promise<{ head: number | null; assigned: number }> {
  const { rows } = await sql<{ head: number | null; assigned: number }>`select * from ${sql.raw(SEQUENCE_FUNCTION)}(${batch})`.execute(db);
  return rows[0];
}

/** A notification sent at the commit of the transaction `db` belongs to (right away outside one). */
export async function notifyAtCommit(db: Executor, channel: string, payload: string): Promise<void> {
  await sql`select pg_notify(${channel}, ${payload})`.execute(db);
}

export async function listenOn(client: pg.Client, channels: string[]): Promise<void> {
  await client.query(channels.map((channel) => `listen ${channel}`).join("; "));
}

/** Holds a session advisory lock: PostgreSQL releases it when the connection (the process) dies. */
export async function holdSessionLock(client: pg.Client, space: number, key: number): Promise<void> {
  await client.query("select pg_advisory_lock($1, $2)", [space, key]);
}

export async function notifyNow(client: pg.Client, channel: string, payload: string): Promise<void> {
  await client.query("select pg_notify($1, $2)", [channel, payload]);
}

/** Tries a session advisory lock (space, hashtext(name)) for each name; returns the names this session now holds. */
export async function tryNamedLocks(client: pg.Client, space: number, names: string[]): Promise<string[]> {
  const { rows } = await client.query<{ name: string; won: boolean }>(
    "select name, pg_try_advisory_lock($1, hashtext(name)) as won from unnest($2::text[]) as name",
    [space, names],
  );
  return rows.filter((r) => r.won).map((r) => r.name);
}

export async function releaseNamedLock(client: pg.Client, space: number, name: string): Promise<void> {
  await client.query("select pg_advisory_unlock($1, hashtext($2))", [space, name]);
}
