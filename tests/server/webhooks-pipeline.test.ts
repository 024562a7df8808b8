// The sender claims its next batch while one is on the wire: a receiver that holds one delivery does not hold
// back what other conversations commit meanwhile, and the held conversation's next delivery still waits for it
// (order per conversation). Before, a pass waited for its whole batch to settle, so nothing else went out until
// the held answer came.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startServer, type TestServer } from "../support/server";
import { waitFor } from "../support/wait";
import { textIn } from "./support/demo";
import { workspace, type Workspace } from "./support/workspace";

let s: TestServer;
let w: Workspace;
let receiver: http.Server;
let url: string;
/** Texts in the order their deliveries arrived. */
const arrived: string[] = [];
/** Answers held back until the test lets them go (the deliveries of texts that say "Hold"). */
const held: (() => void)[] = [];

beforeAll(async () => {
  receiver = http.createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      const text = JSON.parse(body).data.body as string;
      arrived.push(text);
      if (text.startsWith("Hold")) held.push(() => res.end("ok"));
      else res.end("ok");
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  s = await startServer({ tickMs: 60_000 });
  w = await workspace(s);
});
afterAll(async () => {
  for (const answer of held) answer();
  await s?.close();
  await new Promise((resolve) => receiver.close(resolve));
});

it("sends other conversations' deliveries while one is held, and the held conversation's next only after it", async () => {
  await s.call("POST", "/v1/webhooks", { token: w.token.admin, json: { url, eventTypes: ["message.created"] } });
  await textIn(s, w.token.admin, w.mainLine, "+14155550201", "Hold me");
  await waitFor("the held delivery", () => held.length === 1, 30_000);
  await textIn(s, w.token.admin, w.mainLine, "+14155550201", "After the held one");
  await textIn(s, w.token.admin, w.mainLine, "+14155550202", "Another conversation");
  await waitFor("the other conversation's delivery, while the first is held", () => arrived.includes("Another conversation"), 10_000);
  expect(arrived).toEqual(["Hold me", "Another conversation"]);
  held[0]();
  await waitFor("the held conversation's next delivery", () => arrived.includes("After the held one"), 10_000);
  expect(arrived).toEqual(["Hold me", "Another conversation", "After the held one"]);
}, 60_000);
