// The export's pages, oldest first, flattened for the files (export-flat.ts), from one snapshot of the trail. On a
// SQLite file with at least THREAD_FROM rows they are read, named and flattened on a thread of their own
// (export-read-thread.ts) in one read transaction, so reading runs on the machine's other core while this thread
// writes and hashes the files. A smaller one is read here, in one read transaction on a read-only connection of its own
// (the thread's start would cost more than it saves). On PostgreSQL they are read here in one REPEATABLE READ
// transaction. Only an in-memory SQLite database (tests, demos) is read on the server's connection, page by page.
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import SQLite from "better-sqlite3";
import { Kysely, SqliteDialect } from "kysely";
import type { Db } from "../db/database";
import type { Database } from "../db/schema";
import type { AuditFilter, AuditKey } from "./audit.repository";
import { deletedByRetention, toAuditRow, type RetentionCut } from "./audit-rows";
import { flatPage, type FlatPage, unpackPage } from "./export-flat";
import { ExportNames } from "./export-names";
import { exportTuples } from "./export-page.repository";

/**
 * Rows a page: a page's memory is its rows and its two chunks of text (one write per file per page). 1,000 halves
 * 2,000's peak memory for the same speed: the per-page costs (the SQL's planning, the name look-ups) are small.
 */
const PAGE = 1000;
/** Below this many rows the thread's start (0.5–3 s: tsx compiles its files) costs more than it saves. */
const THREAD_FROM = 20_000;

/** The trail's rows in [from, to), oldest first, a page at a time, as retention leaves them. */
export async function* auditRows(database: Pick<Db, "db" | "sqlite">, filter: AuditFilter, cut: RetentionCut) {
  const names = new ExportNames(database.db);
  let key: AuditKey | null = null;
  for (;;) {
    const page = await exportTuples(database, filter, key, PAGE);
    if (page.length === 0) return;
    const [seq, , , , , , , , createdAt] = page[page.length - 1];
    key = { createdAt, seq };
    const kept = cut.mode === "delete" ? page.filter(([, type, , , , , , , at]) => !deletedByRetention({ type, createdAt: at }, cut)) : page;
    yield (await names.name(kept)).map((r) => toAuditRow(r, cut));
    if (page.length < PAGE) return;
  }
}

const BOOT = `
const { workerData } = require("node:worker_threads");
import(workerData.tsx).then((tsx) => { tsx.register(); return import(workerData.entry); });
`;

/** What the thread sends: a page (packed: export-flat.ts), or the end (after its read transaction has ended). */
export type ThreadMessage = { page: string } | { done: true };

/** The pages read on a thread: at most its IN_FLIGHT pages wait here (export-read-thread.ts), so memory stays flat. */
async function* threadPages(file: string, filter: AuditFilter, cut: RetentionCut): AsyncGenerator<FlatPage> {
  const tsxDir = path.dirname(createRequire(import.meta.url).resolve("tsx/package.json"));
  const worker = new Worker(BOOT, {
    eval: true,
    workerData: {
      tsx: pathToFileURL(path.join(tsxDir, "dist/esm/api/index.mjs")).href,
      entry: new URL("./export-read-thread.ts", import.meta.url).href,
      file,
      filter,
      cut,
    },
  });
  const queue: ThreadMessage[] = [];
  let failure: Error | null = null;
  let wake = () => {};
  worker.on("message", (m: ThreadMessage) => {
    queue.push(m);
    wake();
  });
  worker.on("error", (err) => {
    failure = err;
    wake();
  });
  worker.on("exit", (code) => {
    failure ??= new Error(`the export's reading thread stopped (exit code ${code})`);
    wake();
  });
  try {
    for (;;) {
      const m = queue.shift();
      if (m && "done" in m) return;
      if (m) {
        yield unpackPage(m.page);
        // Written: the thread may read one more page.
        worker.postMessage("next");
        continue;
      }
      if (failure) throw failure;
      await new Promise<void>((resolve) => (wake = resolve));
    }
  } finally {
    // Done, failed, or the writer stopped early (a disk error): the thread and its read transaction go.
    worker.removeAllListeners("exit");
    await worker.terminate();
  }
}

/**
 * PostgreSQL's pages, read in one REPEATABLE READ transaction (one snapshot, as the SQLite thread's), handed over
 * one at a time: the transaction's callback waits for each page to be written before it reads the next.
 */
async function* snapshotPages(database: Db, filter: AuditFilter, cut: RetentionCut): AsyncGenerator<FlatPage> {
  let hand: ((page: FlatPage | null) => void) | null = null;
  let taken = () => {};
  let stop = false;
  const next = () => new Promise<FlatPage | null>((resolve) => (hand = resolve));
  let waiting = next();
  const reading = database.db
    .transaction()
    .setIsolationLevel("repeatable read")
    .execute(async (trx) => {
      for await (const rows of auditRows({ db: trx, sqlite: null }, filter, cut)) {
        const written = new Promise<void>((resolve) => (taken = resolve));
        hand?.(flatPage(rows));
        await written;
        if (stop) return;
      }
    })
    .finally(() => hand?.(null));
  // Its failure is thrown by the loop below; marked handled here so that it never goes unheard meanwhile.
  reading.catch(() => {});
  try {
    for (;;) {
      const page = await Promise.race([waiting, reading.then(() => null)]);
      if (page === null) break;
      waiting = next();
      yield page;
      taken();
    }
    await reading;
  } finally {
    // Done, or the writer stopped (a disk error): the transaction ends either way.
    stop = true;
    taken();
    await reading.catch(() => {});
  }
}

/** A read-only connection to the SQLite file: the export's own, so its read transaction is not the server's writes'. */
export function readOnly(file: string) {
  const sqlite = new SQLite(file, { readonly: true });
  sqlite.pragma("busy_timeout = 5000");
  return { sqlite, db: new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) }) };
}

/** A small SQLite export's pages, read here, in one read transaction on a connection of its own (one snapshot). */
async function* smallPages(file: string, filter: AuditFilter, cut: RetentionCut): AsyncGenerator<FlatPage> {
  const connection = readOnly(file);
  try {
    // Its first SELECT fixes the snapshot every page and name is read from.
    connection.sqlite.exec("BEGIN");
    for await (const rows of auditRows(connection, filter, cut)) yield flatPage(rows);
  } finally {
    connection.sqlite.close();
  }
}

/** The export's pages, flattened; `total` is how many rows the range holds (the thread pays off on large ones). */
export async function* exportPages(database: Db, filter: AuditFilter, cut: RetentionCut, total: number): AsyncGenerator<FlatPage> {
  if (database.sqlite && !database.sqlite.memory) {
    yield* total >= THREAD_FROM ? threadPages(database.sqlite.name, filter, cut) : smallPages(database.sqlite.name, filter, cut);
    return;
  }
  if (database.dialect === "postgres") {
    yield* snapshotPages(database, filter, cut);
    return;
  }
  for await (const rows of auditRows(database, filter, cut)) yield flatPage(rows);
}
