// Starts the hosted worker (web/worker) and hands its port to the web messaging layer.
import { attachWorkerPort } from "~src/platform/web/messaging";

export function startWorker(): void {
  if (typeof SharedWorker === "function") {
    const worker = new SharedWorker(new URL("./worker/index.ts", import.meta.url), { type: "module", name: "sidetext" });
    attachWorkerPort(worker.port);
    return;
  }
  const worker = new Worker(new URL("./worker/index.ts", import.meta.url), { type: "module", name: "sidetext" });
  const channel = new MessageChannel();
  worker.postMessage({ kind: "sidetext-control" }, [channel.port2]);
  attachWorkerPort(channel.port1);
}
