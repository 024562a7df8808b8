// A local stand-in for Telnyx's POST /v2/messages at the network edge, answering with Telnyx's documented
// bodies ({data: {...}} on success, {errors: [{code, title, detail}]} on failure). Script 429s, 5xx, drops.
// It keeps a messaging detail record of each text it took and lists them (GET /v2/detail_records with
// filter[record_type]=messaging and the messaging fields; any other field is refused with 400, as Telnyx
// does); a scripted `{ accept }` takes the text and then answers with something else (a 502 after a send).
import http from "node:http";
import type { AddressInfo } from "node:net";
import { randomUUID } from "node:crypto";

export type TelnyxAnswer = { status: number; body: unknown; headers?: Record<string, string> } | "drop";
export type TelnyxScript = TelnyxAnswer | { accept: TelnyxAnswer };

export const telnyxError = (status: number, code: string, title: string, detail: string) => ({ status, body: { errors: [{ code, title, detail }] } });

/** Messaging detail record fields this stand-in filters on (Telnyx: filter[field]=value, created_at by range). */
const RECORD_FILTERS = new Set([
  "filter[record_type]",
  "filter[cli]",
  "filter[cld]",
  "filter[direction]",
  "filter[status]",
  "filter[created_at][gte]",
  "filter[created_at][lte]",
  "filter[date_range]",
  "sort",
  "page[size]",
  "page[number]",
]);

export interface MessageRecord {
  record_type: "message_detail_record";
  uuid: string;
  cli: string;
  cld: string;
  direction: "outbound";
  message_type: "SMS" | "MMS";
  status: string;
  created_at: string;
}

/** The account the credentials check reads: its API key (Bearer), numbers (GET /v2/phone_numbers) and messaging profiles. */
interface FakeTelnyxAccount {
  apiKey: string;
  numbers?: string[];
  messagingProfileIds?: string[];
}

export async function startFakeTelnyx(account?: FakeTelnyxAccount) {
  const seen: Array<{ method: string; path: string; auth?: string; body: any }> = [];
  const script: TelnyxScript[] = [];
  const records: MessageRecord[] = [];
  const server = http.createServer((req, res) => {
    let raw = "";
    req.on("data", (c) => (raw += c));
    req.on("end", () => {
      const body = JSON.parse(raw || "{}");
      seen.push({ method: req.method!, path: req.url!, auth: req.headers.authorization, body });
      const url = new URL(req.url!, "http://localhost");
      const next = script.shift();
      if (next === "drop") return req.socket.destroy();
      let answer: Exclude<TelnyxAnswer, "drop">;
      if (next && "accept" in next) {
        take(body);
        if (next.accept === "drop") return req.socket.destroy();
        answer = next.accept;
      } else if (next) answer = next;
      else if (req.method === "GET" && url.pathname === "/v2/detail_records") answer = listRecords(url);
      else if (req.method === "GET" && (url.pathname === "/v2/phone_numbers" || url.pathname.startsWith("/v2/messaging_profiles/")))
        answer = accountRead(req, url);
      else answer = take(body);
      res.writeHead(answer.status, { "content-type": "application/json", ...answer.headers });
      res.end(JSON.stringify(answer.body));
    });
  });

  /** The credentials check's reads: 401 without the account's key, as Telnyx answers. */
  function accountRead(req: http.IncomingMessage, url: URL) {
    if (!account || req.headers.authorization !== `Bearer ${account.apiKey}`)
      return telnyxError(401, "10009", "Authentication failed", "The API key is missing or invalid.");
    if (url.pathname === "/v2/phone_numbers") {
      for (const key of url.searchParams.keys())
        if (!/^(filter\[[a-z_.]+\]|page\[(number|size)\]|sort)$/.test(key)) return telnyxError(400, "10015", "Invalid filter", `${key}`);
      const digits = url.searchParams.get("filter[phone_number]") ?? "";
      // Telnyx: "Non-numerical characters will result in no values being returned."
      const found = /\D/.test(digits) ? [] : (account.numbers ?? []).filter((n) => n.replace(/\D/g, "").includes(digits));
      const data = found.map((phone_number) => ({ id: randomUUID(), record_type: "phone_number", phone_number, status: "active" }));
      return { status: 200, body: { data, meta: { page_number: 1, page_size: 20, total_pages: 1, total_results: data.length } } };
    }
    const id = decodeURIComponent(url.pathname.slice("/v2/messaging_profiles/".length));
    if (!(account.messagingProfileIds ?? []).includes(id))
      return telnyxError(404, "10005", "Resource not found", "The requested resource or URL could not be found.");
    return { status: 200, body: { data: { id, record_type: "messaging_profile", name: "Sidetext", enabled: true } } };
  }

  function take(body: any) {
    const id = randomUUID();
    const type = body.media_urls ? "MMS" : "SMS";
    records.push({
      record_type: "message_detail_record",
      uuid: id,
      cli: body.from,
      cld: body.to,
      direction: "outbound",
      message_type: type,
      status: "delivered",
      created_at: new Date().toISOString(),
    });
    return {
      status: 200,
      body: {
        data: {
          record_type: "message",
          direction: "outbound",
          id,
          type,
          from: { phone_number: body.from },
          to: [{ phone_number: body.to, status: "queued" }],
          text: body.text ?? "",
          media: [],
        },
      },
    };
  }

  function listRecords(url: URL) {
    const q = url.searchParams;
    for (const key of q.keys()) if (!RECORD_FILTERS.has(key)) return telnyxError(400, "10015", "Invalid filter", `${key} is not a field of messaging records`);
    if (q.get("filter[record_type]") !== "messaging") return telnyxError(400, "10015", "Invalid filter", "filter[record_type] is required");
    const field = (name: string) => q.get(`filter[${name}]`);
    let found = records.filter(
      (r) =>
        (!field("cli") || r.cli === field("cli")) && (!field("cld") || r.cld === field("cld")) && (!field("direction") || r.direction === field("direction")),
    );
    if (q.get("filter[created_at][gte]")) found = found.filter((r) => r.created_at >= q.get("filter[created_at][gte]")!);
    if (q.get("filter[created_at][lte]")) found = found.filter((r) => r.created_at <= q.get("filter[created_at][lte]")!);
    if (q.get("sort") === "-created_at") found = [...found].reverse();
    const size = Number(q.get("page[size]") ?? 20);
    return { status: 200, body: { data: found.slice(0, size), meta: { page_number: 1, page_size: size, total_pages: 1, total_results: found.length } } };
  }

  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v2`;
  return {
    baseURL,
    seen,
    script,
    records,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
