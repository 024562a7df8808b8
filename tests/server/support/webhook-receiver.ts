// A real HTTP receiver on 127.0.0.1 for webhook tests: records each request (headers, raw body) and answers
// whatever the test sets next (status, headers, body).
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
}
export interface Receiver {
  url: string;
  received: Received[];
  answer: { status: number; headers?: Record<string, string>; body?: string; delayMs?: number };
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const r = { received: [] as Received[], answer: { status: 200, body: "ok" } } as Receiver;
  const server = http.createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      r.received.push({ headers: req.headers, body });
      const { status, headers, body: answer, delayMs } = r.answer;
      const reply = () => {
        res.writeHead(status, headers ?? {});
        res.end(answer ?? "");
      };
      if (delayMs) setTimeout(reply, delayMs);
      else reply();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  r.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  r.close = () => new Promise((resolve) => server.close(() => resolve()));
  return r;
}
