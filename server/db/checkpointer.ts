// SQLite's WAL is copied back into the database file by a checkpoint, which ends in an fsync. SQLite's own
// automatic checkpoint runs inside whichever commit crosses 1,000 pages: on the event loop, holding every
// request behind a disk flush (about half of all commit time in bench/ingest.ts). Instead a worker thread with
// its own connection checkpoints every CHECKPOINT_MS. PASSIVE never blocks the writer or the readers; once
// the WAL has been copied, the writer's next transaction starts it again from the beginning.
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";
import type SQLite from "better-sqlite3";

const CHECKPOINT_MS = 250;
/** If the checkpointer ever stops, the writer checkpoints by itself again past this many WAL pages (~200 MB). */
const SAFETY_NET_PAGES = 50_000;
const DEFAULT_PAGES = 1000;

// Evaluated as a CommonJS script in the worker, so it needs no TypeScript loader in any runner.
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma("busy_timeout = 5000");
const checkpoint = () => {
  try { db.pragma("wal_checkpoint(PASSIVE)"); } catch (err) { parentPort.postMessage({ failed: String(err) }); }
};
const timer = setInterval(checkpoint, workerData.everyMs);
parentPort.on("message", () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

export interface Checkpointer {
  stop(): Promise<void>;
}

export function startCheckpointer(sqlite: SQLite.Database, file: string): Checkpointer {
  const driver = createRequire(import.meta.url).resolve("better-sqlite3");
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { driver, file, everyMs: CHECKPOINT_MS } });
  worker.unref();
  sqlite.pragma(`wal_autocheckpoint = ${SAFETY_NET_PAGES}`);
  const fallBack = (why: unknown) => {
    console.error("WAL checkpointer stopped; the writer checkpoints by itself again:", why);
    if (sqlite.open) sqlite.pragma(`wal_autocheckpoint = ${DEFAULT_PAGES}`);
  };
  worker.on("message", (m: { failed?: string }) => m.failed && console.error("WAL checkpoint failed:", m.failed));
  worker.on("error", fallBack);
  let stopping = false;
  const exited = new Promise<void>((resolve) =>
    worker.once("exit", (code) => {
      if (!stopping) fallBack(`exit code ${code}`);
      resolve();
    }),
  );
  return {
    async stop() {
      stopping = true;
      // Unreferenced while it runs, so it never keeps a process alive; referenced while we wait for it to close.
      worker.ref();
      worker.postMessage("stop");
      await exited;
    },
  };
}
