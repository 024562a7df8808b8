// Starts the hosted worker (web/worker): a SharedWorker, one for every tab of the app, or a dedicated Worker
// where there is none (Chrome on Android). Returns the page's control port to it.
export function startWorker(): MessagePort {
  if (typeof SharedWorker === "function") {
    return new SharedWorker(new URL("./worker/index.ts", import.meta.url), { type: "module", name: "sidetext" }).port;
  }
  const worker = new Worker(new URL("./worker/index.ts", import.meta.url), { type: "module", name: "sidetext" });
  const channel = new MessageChannel();
  worker.postMessage({ kind: "sidetext-control" }, [channel.port2]);
  return channel.port1;
}
