// What the extension's worker has cached (its IndexedDB, src/db/schema.ts), read from inside the worker: for tests
// that must wait until a text has reached the cache over the stream instead of sleeping a guessed time.
import type { LaunchedExtension } from "./browser";
import { waitFor } from "./wait";

/** Whether a message with exactly `body` is in the worker's cache. */
const cachedMessage = (ext: LaunchedExtension, body: string) =>
  ext.worker.evaluate(
    (body) =>
      new Promise<boolean>((resolve, reject) => {
        const open = indexedDB.open("sidetext");
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const all = open.result.transaction("messages").objectStore("messages").getAll();
          all.onerror = () => reject(all.error);
          all.onsuccess = () => {
            resolve((all.result as Array<{ body?: string }>).some((m) => m.body === body));
            open.result.close();
          };
        };
      }),
    body,
  );

/** Waits until the worker's cache holds a message with exactly `body` (it came over the stream). */
export const waitForCachedMessage = (ext: LaunchedExtension, body: string, timeoutMs = 15_000) =>
  waitFor(`"${body}" in the worker's cache`, () => cachedMessage(ext, body), timeoutMs, 100);

/**
 * Waits until the worker has sent every open view what its cache holds (background/index.ts's
 * sidetext.snapshotsSettled): after waitForCachedMessage, the panel's own copy has the text too.
 */
export const waitForViewsSent = (ext: LaunchedExtension) =>
  ext.worker.evaluate(() => (globalThis as unknown as { sidetext: { snapshotsSettled(): Promise<void> } }).sidetext.snapshotsSettled());
