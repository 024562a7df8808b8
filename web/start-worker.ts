// Starts the hosted worker (web/worker): a SharedWorker, one for every tab of the app, or a dedicated Worker
// where there is none (Chrome on Android). web/boot.ts starts it first thing, so it boots (its script, Dexie)
// on its own thread while the page's app bundle loads; the app takes that port (web/main.tsx).
let early: MessagePort | null = null;

/** Returns the page's control port to the hosted worker. */
function startWorker(): MessagePort {
  if (typeof SharedWorker === "function") {
    return new SharedWorker(new URL("./worker/index.ts", import.meta.url), { type: "module", name: "sidetext" }).port;
  }
  const worker = new Worker(new URL("./worker/index.ts", import.meta.url), { type: "module", name: "sidetext" });
  const channel = new MessageChannel();
  worker.postMessage({ kind: "sidetext-control" }, [channel.port2]);
  return channel.port1;
}

export function startWorkerEarly(): void {
  early ??= startWorker();
}

/** The port started early, else a new one (for src/platform/web/messaging's attachWorker). */
export function workerPort(): MessagePort {
  const port = early ?? startWorker();
  early = null;
  return port;
}
