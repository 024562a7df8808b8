// The benchmarks' customers, in a child process beside the server (bench/automations.ts, bench/crm-log.ts, bench/webhooks.ts): an open loop of
// simulated inbound texts at `rate`/s over keep-alive HTTP, from `numbers` different phones. A process of its
// own, not a worker thread, so that the server process's CPU time is the server's alone.
import http from "node:http";

const {
  url,
  token,
  inboxId,
  rate,
  total,
  numbers,
  offset,
  prefix = "+1415556",
  text = "Is the walnut bookshelf ready for pickup? ({i})",
} = JSON.parse(process.argv[2]);
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
const target = new URL("/v1/simulator/inbound", url);
const post = (i) =>
  new Promise((resolve) => {
    const from = `${prefix}${String(offset + (i % numbers)).padStart(4, "0")}`;
    const body = JSON.stringify({ inboxId, from, body: text.replace("{i}", String(i)) });
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
  const due = started + (i * 1000) / rate;
  const wait = due - performance.now();
  if (wait > 1) await new Promise((r) => setTimeout(r, wait));
  pending.push(post(i).then((status) => status !== 201 && status !== 200 && failed++));
}
await Promise.all(pending);
// Its own CPU too: what the customers cost is reported beside the server's (other machines in a real deployment).
const used = process.cpuUsage();
process.send({ seconds: (performance.now() - started) / 1000, failed, cpuUs: used.user + used.system }, () => process.exit(0));
