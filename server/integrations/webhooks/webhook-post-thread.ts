// The webhook delivery thread's entry (started by webhook-delivery-thread.ts): signs and sends each batch it is
// handed and answers with the results. Batches may overlap; each answer names its batch.
import { parentPort } from "node:worker_threads";
import { postBatch, type OutgoingDelivery } from "./webhook-post";

interface BatchMessage {
  batch: number;
  deliveries: OutgoingDelivery[];
  allowLocal: boolean;
  startBy: number;
}

const port = parentPort;
if (!port) throw new Error("webhook-post-thread.ts runs as a worker thread");
port.on("message", async (m: BatchMessage) => {
  const results = await postBatch(m.deliveries, m.allowLocal, m.startBy);
  port.postMessage({ batch: m.batch, results });
});
port.postMessage({ ready: true });
