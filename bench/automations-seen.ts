// When each of a rule's run-log rows became visible to another reader, i.e. when its transaction committed:
// polled every 25 ms from a worker thread with its own SQLite connection. In the server's own thread the
// poll would wait for the server's loop to yield (a pass over many due rows never does), and the row's own
// createdAt is its pass's start, which a batch of many rows in one transaction would flatter.
import { Worker } from "node:worker_threads";

const poller = `
const { workerData, parentPort } = require("node:worker_threads");
const Database = require("better-sqlite3");
const db = new Database(workerData.file, { readonly: true, fileMustExist: true });
const query = db.prepare('select rowid as n, "triggerKey" as k from "automationRun" where rowid > ? and "ruleId" = ?');
const seen = {};
let last = 0;
let count = 0;
const poll = () => {
  for (const r of query.all(last, workerData.ruleId)) {
    if (!(r.k in seen)) count++;
    seen[r.k] = Date.now();
    last = Math.max(last, r.n);
  }
  if (count >= workerData.expected || Date.now() > workerData.until) {
    clearInterval(timer);
    db.close();
    parentPort.postMessage(seen);
  }
};
const timer = setInterval(poll, 25);
`;

/** Starts watching; the promise gives trigger key → when it was first seen (ms), once `expected` are seen or at `until`. */
export function watchRuns(file: string, ruleId: string, expected: number, until: number): Promise<Map<string, number>> {
  const worker = new Worker(poller, { eval: true, workerData: { file, ruleId, expected, until } });
  return new Promise((resolve, reject) => {
    worker.once("message", (seen: Record<string, number>) => {
      void worker.terminate();
      resolve(new Map(Object.entries(seen)));
    });
    worker.once("error", reject);
  });
}
