// Webhook deliveries are signed and sent on a thread of their own, not the server's thread that ingest runs on:
// while that thread is held busy, deliveries keep reaching the receiver. On the server's thread, at most the 64
// already on the wire could arrive in that time. The receiver is another process (as a real one is elsewhere), so
// the busy thread does not hold it up. The jobs are due an hour ahead, so only the test's call sends them.
import { spawn, type ChildProcess } from "node:child_process";
import { afterAll, beforeAll, expect, it } from "vitest";
import { deliveryThreadStarted } from "../../server/integrations/webhooks/webhook-delivery-thread";
import { insertJobs } from "../../server/integrations/webhooks/webhook-jobs.repository";
import { sendDueWebhooks } from "../../server/integrations/webhooks/webhook-sender";
import { startServer, type TestServer } from "../support/server";
import { workspace, type Workspace } from "./support/workspace";

// Answers 200 at once; tells the test of the first arrival, and on request the arrival time of each webhook-id.
const RECEIVER = `
const http = require("node:http");
const arrivals = [];
const server = http.createServer((req, res) => {
  req.resume();
  req.on("end", () => {
    arrivals.push([req.headers["webhook-id"], Date.now()]);
    if (arrivals.length === 1) process.send({ first: true });
    res.end("ok");
  });
});
server.listen(0, "127.0.0.1", () => process.send({ port: server.address().port }));
process.on("message", (m) => (m === "arrivals" ? process.send({ arrivals }) : server.close(() => process.exit(0))));
`;

let s: TestServer;
let w: Workspace;
let receiver: ChildProcess;
let url: string;
const next = <T>(key: string) =>
  new Promise<T>((resolve) => {
    const on = (m: Record<string, unknown>) => {
      if (!(key in m)) return;
      receiver.off("message", on);
      resolve(m[key] as T);
    };
    receiver.on("message", on);
  });

beforeAll(async () => {
  receiver = spawn(process.execPath, ["-e", RECEIVER], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const port = next<number>("port");
  s = await startServer();
  w = await workspace(s);
  // Until the thread has loaded, batches go out on the server's thread (so that none waits for it).
  await deliveryThreadStarted();
  url = `http://127.0.0.1:${await port}/hook`;
});
afterAll(async () => {
  receiver?.send("close");
  await s?.close();
});

it("keeps delivering while the server's own thread is busy, and sends each delivery once", async () => {
  const res = await s.call("POST", "/v1/webhooks", { token: w.token.admin, json: { url, eventTypes: ["message.created"] } });
  expect(res.status).toBe(201);
  const due = Date.now() + 3600_000;
  const jobs = Array.from({ length: 200 }, (_, i) => ({
    endpointId: res.body.endpoint.id as string,
    messageId: `msg_thread_${i}`,
    eventType: "message.created",
    orderKey: `conv_${i}`,
    position: i + 1,
    payload: JSON.stringify({ type: "message.created", timestamp: new Date(due).toISOString(), data: { id: `m${i}` } }),
  }));
  await insertJobs(s.app.ctx.database.db, jobs, new Date(due).toISOString());

  const first = next("first");
  const sent = sendDueWebhooks(s.app.ctx, "test", { now: () => due + 1000 });
  await first;
  // Hold the server's thread: nothing on it runs (no request written, no answer read) until this ends.
  const busyFrom = Date.now();
  while (Date.now() - busyFrom < 1500);
  const busyTo = Date.now();
  expect(await sent).toBe(200);

  receiver.send("arrivals");
  const arrivals = await next<Array<[string, number]>>("arrivals");
  const duringBusy = arrivals.filter(([, at]) => at > busyFrom && at < busyTo).length;
  expect(duringBusy).toBeGreaterThan(64);
  expect(new Set(arrivals.map(([id]) => id)).size).toBe(200);
  expect(arrivals).toHaveLength(200);
}, 60_000);
