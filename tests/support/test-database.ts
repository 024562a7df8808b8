// Which database the server tests run on. The default project runs them on SQLite files; the
// `server-postgres` project (vitest.config.ts) runs the same files on PostgreSQL, one fresh database per
// test server, when SIDETEXT_TEST_POSTGRES_URL names a server we may create databases on.
// Tests that look at stored rows directly go through queryRows, which speaks to either.
import crypto from "node:crypto";
import SQLite from "better-sqlite3";
import pg from "pg";

const adminUrl = process.env.SIDETEXT_TEST_POSTGRES_URL ?? "";

/** True in the PostgreSQL pass: test servers get a PostgreSQL database instead of a SQLite file. */
export const onPostgres = process.env.SIDETEXT_TEST_DATABASE === "postgres" && adminUrl !== "";
/** A PostgreSQL server is available, whichever pass this is (multi-instance tests need one). */
export const postgresAvailable = adminUrl !== "";
export const NO_POSTGRES = "needs PostgreSQL: set SIDETEXT_TEST_POSTGRES_URL (scripts/postgres-test.sh starts one)";

const PREFIX = "sidetext_test_";

/** The test database named by a temp file path: the same path always maps to the same database (restarts). */
export function postgresNameFor(dbFile: string): string {
  return PREFIX + crypto.createHash("sha1").update(dbFile).digest("hex").slice(0, 16);
}

function urlWithDatabase(name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function withAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Creates the PostgreSQL database for `dbFile` unless it exists; returns its URL. */
export async function createPostgresDatabase(dbFile: string): Promise<string> {
  const name = postgresNameFor(dbFile);
  await withAdmin(async (client) => {
    const exists = await client.query("select 1 from pg_database where datname = $1", [name]);
    if (exists.rowCount === 0) await client.query(`create database ${name}`);
  });
  return urlWithDatabase(name);
}

export async function dropPostgresDatabase(dbFile: string): Promise<void> {
  await withAdmin((client) => client.query(`drop database if exists ${postgresNameFor(dbFile)} with (force)`));
}

/** Drops every test database (the PostgreSQL pass's global teardown, and leftovers of a killed run). */
export async function dropAllTestDatabases(): Promise<number> {
  return withAdmin(async (client) => {
    const { rows } = await client.query<{ datname: string }>("select datname from pg_database where datname like $1", [`${PREFIX}%`]);
    for (const { datname } of rows) await client.query(`drop database if exists ${datname} with (force)`);
    return rows.length;
  });
}

/** The DATABASE_URL a test server (or a child process) uses for `dbFile`, creating the database when needed. */
export async function databaseUrlFor(dbFile: string): Promise<string> {
  return onPostgres ? createPostgresDatabase(dbFile) : `sqlite:${dbFile}`;
}

/**
 * Runs one read-only SQL query, written for SQLite (`?` parameters, camelCase columns, json_extract), against
 * the test database of `dbFile` on either engine. Counts come back as numbers on both.
 */
export async function queryRows<T = Record<string, any>>(dbFile: string, sqlText: string, ...params: unknown[]): Promise<T[]> {
  if (!onPostgres) {
    const db = new SQLite(dbFile, { readonly: true });
    try {
      return db.prepare(sqlText).all(...params) as T[];
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({
    connectionString: urlWithDatabase(postgresNameFor(dbFile)),
    types: { getTypeParser: (oid, format) => (oid === 20 ? Number : pg.types.getTypeParser(oid, format)) } as pg.CustomTypesConfig,
  });
  await client.connect();
  try {
    return (await client.query(toPostgresSql(sqlText), params)).rows as T[];
  } finally {
    await client.end();
  }
}

/** Rewrites the SQLite dialect of test queries: quoted camelCase identifiers, $n parameters, json_extract. */
export function toPostgresSql(sqlText: string): string {
  let n = 0;
  // String literals are kept as they are; everything else is rewritten.
  const json = sqlText.replace(/json_extract\((\w+),\s*'\$\.(\w+)'\)/g, (_, col: string, key: string) => `(${col}::json->>'${key}')`);
  return json
    .split(/('(?:[^']|'')*')/)
    .map((part, i) => {
      if (i % 2 === 1) return part;
      return part.replace(/\b([a-z]+[A-Z]\w*)\b/g, '"$1"').replace(/\?/g, () => `$${++n}`);
    })
    .join("");
}
