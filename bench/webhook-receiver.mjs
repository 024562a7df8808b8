// The webhook benchmark's receiver (bench/webhooks.ts), a child process as a real receiver runs elsewhere. It does
// what a cheap real receiver would: answers every POST 200 without parsing the body, and keeps, per message.created,
// the time from the event's commit (the body's `timestamp`, which comes first after `type`) to the delivery's
// arrival. Its own CPU is reported per delivery, since on this machine it competes with the server for the cores.
import http from "node:http";

let lags = [];
let cpu = process.cpuUsage();
const head = /^\{"type":"message\.created","timestamp":"([^"]+)"/;
const server = http.createServer((req, res) => {
  const at = Date.now();
  let first = true;
  req.on("data", (chunk) => {
    if (!first) return;
    first = false;
    const m = head.exec(chunk.toString("latin1", 0, 80));
    if (m) lags.push(at - Date.parse(m[1]));
  });
  req.on("end", () => res.end("ok"));
});
server.keepAliveTimeout = 60_000;
// The bench process ended without a word (or crashed): nothing is left listening.
process.on("disconnect", () => process.exit(0));
server.listen(0, "127.0.0.1", () => process.send({ port: server.address().port }));
process.on("message", (m) => {
  if (m === "count") process.send({ count: lags.length });
  if (m === "take") {
    const used = process.cpuUsage(cpu);
    process.send({ lags: { lags, cpuUs: used.user + used.system } });
    lags = [];
    cpu = process.cpuUsage();
  }
  // The server's delivery thread keeps its sockets open (keep-alive): without closing them the close would wait out
  // keepAliveTimeout, and the bench with it.
  if (m === "close") {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  }
});
