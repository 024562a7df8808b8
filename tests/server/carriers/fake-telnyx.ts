// A local stand-in for Telnyx's POST /v2/messages at the network edge, answering with Telnyx's documented
// bodies ({data: {...}} on success, {errors: [{code, title, detail}]} on failure). Script 429s, 5xx, drops.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { randomUUID } from "node:crypto";

export type TelnyxAnswer = { status: number; body: unknown; headers?: Record<string, string> } | "drop";

export const telnyxError = (status: number, code: string, title: string, detail: string) => ({ status, body: { errors: [{ code, title, detail }] } });

export async function startFakeTelnyx() {
  const seen: Array<{ path: string; auth?: string; body: any }> = [];
  const script: TelnyxAnswer[] = [];
  const server = http.createServer((req, res) => {
    let raw = "";
    req.on("data", (c) => (raw += c));
    req.on("end", () => {
      const body = JSON.parse(raw || "{}");
      seen.push({ path: req.url!, auth: req.headers.authorization, body });
      const next = script.shift();
      if (next === "drop") return req.socket.destroy();
      const answer = next ?? {
        status: 200,
        body: { data: { record_type: "message", direction: "outbound", id: randomUUID(), type: body.media_urls ? "MMS" : "SMS",
          from: { phone_number: body.from }, to: [{ phone_number: body.to, status: "queued" }], text: body.text ?? "", media: [] } },
      };
      res.writeHead(answer.status, { "content-type": "application/json", ...answer.headers });
      res.end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v2`;
  return { baseURL, seen, script, close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }) };
}
