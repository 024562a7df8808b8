// The export's reading thread (started by export-pages.ts): it opens the SQLite file read-only, reads the range's
// pages in one read transaction (WAL keeps that snapshot while the server goes on writing), names and flattens
// them, and sends each to the server's thread, which writes and hashes the files. It waits for the server's
// "next" once IN_FLIGHT pages are unwritten: backpressure, so a slow disk cannot pile pages up in memory.
import { parentPort, workerData } from "node:worker_threads";
import type { AuditFilter } from "./audit.repository";
import type { RetentionCut } from "./audit-rows";
import { flatPage, packPage } from "./export-flat";
import { auditRows, readOnly, type ThreadMessage } from "./export-pages";

/** Pages sent and not yet written: enough to keep both threads busy, few enough to keep memory flat (~2 MB a page). */
const IN_FLIGHT = 3;

const { file, filter, cut } = workerData as { file: string; filter: AuditFilter; cut: RetentionCut };
const port = parentPort!;
const { sqlite, db } = readOnly(file);

let credit = IN_FLIGHT;
let wake = () => {};
port.on("message", () => {
  credit++;
  wake();
});
const send = (m: ThreadMessage) => port.postMessage(m);

// One read transaction for the whole export: its first SELECT fixes the snapshot every page and name is read from.
sqlite.exec("BEGIN");
for await (const rows of auditRows({ db, sqlite }, filter, cut)) {
  if (rows.length === 0) continue;
  while (credit === 0) await new Promise<void>((resolve) => (wake = resolve));
  credit--;
  send({ page: packPage(flatPage(rows)) });
}
sqlite.exec("COMMIT");
sqlite.close();
send({ done: true });
port.close();
