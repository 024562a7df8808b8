// A local stand-in for Twilio's Messages API at the network edge: the real `twilio` package talks to it
// through a RequestClient that rewrites api.twilio.com to 127.0.0.1. It answers like Twilio does:
// basic auth checked, 201 with a message resource, and Twilio's documented error bodies, including its
// magic test numbers (+15005550001 invalid, +15005550009 not SMS-capable, +15005550004 opted out).
import http from "node:http";
import type { AddressInfo } from "node:net";
import twilio from "twilio";
import type RequestClient from "twilio/lib/base/RequestClient";

export interface SeenRequest { method: string; path: string; auth: string | undefined; form: URLSearchParams; rawBody: string }
export interface ScriptedAnswer { status: number; body: unknown; headers?: Record<string, string> }

const errorFor: Record<string, { code: number; message: string }> = {
  "+15005550001": { code: 21211, message: "The 'To' number +15005550001 is not a valid phone number." },
  "+15005550009": { code: 21614, message: "'To' number is not a valid mobile number" },
  "+15005550004": { code: 21610, message: "Attempt to send to unsubscribed recipient" },
  "+15005550010": { code: 30006, message: "Landline or unreachable carrier" },
};

export function twilioError(status: number, code: number, message: string): ScriptedAnswer {
  return { status, body: { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status } };
}

export async function startFakeTwilio(accountSid: string, authToken: string) {
  const seen: SeenRequest[] = [];
  /** Answers handed out before the normal behaviour, one per request (429s, 500s, dropped sockets). */
  const script: Array<ScriptedAnswer | "drop"> = [];
  let counter = 0;
  const server = http.createServer((req, res) => {
    let rawBody = "";
    req.on("data", (c) => (rawBody += c));
    req.on("end", () => {
      const form = new URLSearchParams(rawBody);
      seen.push({ method: req.method!, path: req.url!, auth: req.headers.authorization, form, rawBody });
      const next = script.shift();
      if (next === "drop") return req.socket.destroy();
      const answer = next ?? answerLikeTwilio(req, form);
      res.writeHead(answer.status, { "content-type": "application/json", ...answer.headers });
      res.end(JSON.stringify(answer.body));
    });
  });

  function answerLikeTwilio(req: http.IncomingMessage, form: URLSearchParams): ScriptedAnswer {
    const expectedAuth = "Basic " + Buffer.from(`${accountSid}:${authToken}`).toString("base64");
    if (req.headers.authorization !== expectedAuth) return twilioError(401, 20003, "Authenticate");
    if (req.method !== "POST" || req.url !== `/2010-04-01/Accounts/${accountSid}/Messages.json`) return twilioError(404, 20404, "The requested resource was not found");
    const to = form.get("To") ?? "";
    if (!to || !form.get("From")) return twilioError(400, 21604, "A 'To' phone number is required.");
    const known = errorFor[to];
    if (known) return twilioError(400, known.code, known.message);
    const sid = `SM${(++counter).toString(16).padStart(32, "0")}`;
    const media = form.getAll("MediaUrl");
    return {
      status: 201,
      body: {
        sid, account_sid: accountSid, from: form.get("From"), to, body: form.get("Body") ?? "", status: "queued",
        num_media: String(media.length), num_segments: "1", direction: "outbound-api", api_version: "2010-04-01",
        date_created: new Date().toUTCString(), date_updated: new Date().toUTCString(), date_sent: null,
        error_code: null, error_message: null, price: null, price_unit: "USD", messaging_service_sid: null,
        uri: `/2010-04-01/Accounts/${accountSid}/Messages/${sid}.json`, subresource_uris: { media: `/2010-04-01/Accounts/${accountSid}/Messages/${sid}/Media.json` },
      },
    };
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { baseUrl, seen, script, close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }) };
}

/** The package's own RequestClient, pointed at a local base URL (its region/edge settings cannot do this). */
export class LocalRequestClient extends twilio.RequestClient {
  constructor(private readonly baseUrl: string) {
    super({ timeout: 5000 });
  }
  override request<T>(opts: RequestClient.RequestOptions<T>) {
    const url = new URL(opts.uri);
    return super.request({ ...opts, uri: this.baseUrl + url.pathname + url.search });
  }
}
