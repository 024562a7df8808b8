// A real HTTP server on 127.0.0.1 (port 0) for the CRM fakes: parses JSON and form bodies, logs every
// request, and lets a test make the next calls fail (429 with Retry-After, 5xx) before the fake's own
// strict handling runs.
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface FakeRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  body: unknown;
  /** Date.now() when it arrived. */
  at: number;
}
export interface FakeReply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}
export type FakeHandler = (req: FakeRequest) => FakeReply | Promise<FakeReply>;

export interface FakeServer {
  url: string;
  requests: FakeRequest[];
  /** The next `count` requests (after auth) are answered `reply` (e.g. 429 with Retry-After). */
  failNext(count: number, reply: FakeReply): void;
  /** Drops the failures still waiting. */
  stopFailing(): void;
  close(): Promise<void>;
}

export async function startFakeServer(handle: FakeHandler): Promise<FakeServer> {
  const requests: FakeRequest[] = [];
  const failures: FakeReply[] = [];
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString("utf8");
    const type = req.headers["content-type"] ?? "";
    let body: unknown = raw;
    try {
      if (raw && type.includes("json")) body = JSON.parse(raw);
      else if (raw && type.includes("x-www-form-urlencoded")) body = Object.fromEntries(new URLSearchParams(raw));
    } catch {
      return send(res, { status: 400, body: { message: "Malformed JSON body" } });
    }
    const url = new URL(req.url ?? "/", "http://fake");
    const request: FakeRequest = { method: req.method ?? "GET", path: url.pathname, query: url.searchParams, headers: req.headers, body, at: Date.now() };
    requests.push(request);
    const forced = failures.shift();
    try {
      send(res, forced ?? (await handle(request)));
    } catch (err) {
      send(res, { status: 500, body: { message: (err as Error).message } });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    requests,
    failNext: (count, reply) => failures.push(...Array.from({ length: count }, () => reply)),
    stopFailing: () => void failures.splice(0),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function send(res: http.ServerResponse, reply: FakeReply) {
  const text = reply.body === undefined ? "" : typeof reply.body === "string" ? reply.body : JSON.stringify(reply.body);
  const type = typeof reply.body === "string" && text.startsWith("<?xml") ? "text/xml" : "application/json";
  res.writeHead(reply.status, { ...(text ? { "content-type": type } : {}), ...reply.headers });
  res.end(text);
}
