// The webhook benchmark's customers (bench/webhooks.ts), a child process so that their HTTP clients are not
// charged to the server's process: an open loop of simulated inbound texts at `rate`/s over keep-alive HTTP.
import http from "node:http";

const { url, token, inboxId, rate, total } = JSON.parse(process.argv[2]);
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
const target = new URL("/v1/simulator/inbound", url);
const post = (i) =>
  new Promise((resolve) => {
    const from = `+1415555${String(1000 + (i % 2000)).padStart(4, "0")}`;
    const body = JSON.stringify({ inboxId, from, body: `Bench ${i}` });
    const req = http.request(target, { method: "POST", agent, headers: { authorization: `Bearer ${token}`, "content-type": "application/json" } }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode));
    });
    req.on("error", () => resolve(0));
    req.end(body);
  });
const started = performance.now();
const pending = [];
let failed = 0;
for (let i = 0; i < total; i++) {
  const wait = started + (i * 1000) / rate - performance.now();
  if (wait > 1) await new Promise((r) => setTimeout(r, wait));
  pending.push(post(i).then((status) => status !== 201 && status !== 200 && failed++));
}
await Promise.all(pending);
const used = process.cpuUsage();
process.send({ seconds: (performance.now() - started) / 1000, failed, cpuUs: used.user + used.system }, () => process.exit(0));
