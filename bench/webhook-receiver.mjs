// The webhook benchmark's receiver (bench/webhooks.ts), a child process as a real receiver runs elsewhere (its
// parsing is not charged to the server's process): answers every POST 200 and keeps, per message.created, the
// time from the message's commit (its createdAt) to the delivery's arrival.
import http from "node:http";

let lags = [];
const server = http.createServer((req, res) => {
  let body = "";
  req.setEncoding("utf8");
  req.on("data", (c) => (body += c));
  req.on("end", () => {
    const at = Date.now();
    const { type, data } = JSON.parse(body);
    if (type === "message.created") lags.push(at - Date.parse(data.createdAt));
    res.end("ok");
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => process.send({ port: server.address().port }));
process.on("message", (m) => {
  if (m === "count") process.send({ count: lags.length });
  if (m === "take") {
    process.send({ lags });
    lags = [];
  }
  if (m === "close") server.close(() => process.exit(0));
});
