// A local stand-in for Twilio's Messages API at the network edge: the real `twilio` package talks to it
// through a RequestClient that rewrites api.twilio.com to 127.0.0.1. It answers like Twilio does:
// basic auth checked, 201 with a message resource, and Twilio's documented error bodies, including its
// magic test numbers (+15005550001 invalid, +15005550009 not SMS-capable, +15005550004 opted out).
// It keeps what it accepted and lists it (GET Messages.json by To, From and DateSent>=, newest first), and a
// scripted `{ accept }` takes the message and then answers with something else: the 502 after a real send.
import http from "node:http";
import type { AddressInfo } from "node:net";
import twilio from "twilio";
import type RequestClient from "twilio/lib/base/RequestClient";

export interface SeenRequest {
  method: string;
  path: string;
  auth: string | undefined;
  form: URLSearchParams;
  rawBody: string;
}
export interface ScriptedAnswer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}
/** The message is created as usual, then the client is given this instead (an answer or a dropped socket). */
export interface AcceptThen {
  accept: ScriptedAnswer | "drop";
}
/** The list filters Twilio documents for GET Messages.json (twilio_api_v2010.json); any other is refused. */
const LIST_PARAMS = new Set(["To", "From", "DateSent", "DateSent<", "DateSent>", "PageSize", "Page", "PageToken"]);

const errorFor: Record<string, { code: number; message: string }> = {
  "+15005550001": { code: 21211, message: "The 'To' number +15005550001 is not a valid phone number." },
  "+15005550009": { code: 21614, message: "'To' number is not a valid mobile number" },
  "+15005550004": { code: 21610, message: "Attempt to send to unsubscribed recipient" },
  "+15005550010": { code: 30006, message: "Landline or unreachable carrier" },
};

export function twilioError(status: number, code: number, message: string): ScriptedAnswer {
  return { status, body: { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status } };
}

/** The account the credentials check reads (GET Accounts/{sid}.json) and the numbers it owns (IncomingPhoneNumbers). */
interface FakeTwilioAccount {
  numbers?: string[];
  status?: "active" | "suspended" | "closed";
}
/** The filters Twilio documents for GET IncomingPhoneNumbers.json; any other is refused. */
const NUMBER_PARAMS = new Set(["PhoneNumber", "FriendlyName", "Beta", "Origin", "PageSize", "Page", "PageToken"]);

export async function startFakeTwilio(accountSid: string, authToken: string, account: FakeTwilioAccount = {}) {
  const seen: SeenRequest[] = [];
  /** Answers handed out before the normal behaviour, one per request (429s, 500s, dropped sockets). */
  const script: Array<ScriptedAnswer | AcceptThen | "drop"> = [];
  /** Every message it accepted, oldest first; a test may set date_sent (Twilio sets it once it sent). */
  const messages: Array<Record<string, unknown>> = [];
  let counter = 0;
  const server = http.createServer((req, res) => {
    let rawBody = "";
    req.on("data", (c) => (rawBody += c));
    req.on("end", () => {
      const form = new URLSearchParams(rawBody);
      seen.push({ method: req.method!, path: req.url!, auth: req.headers.authorization, form, rawBody });
      const next = script.shift();
      if (next === "drop") return req.socket.destroy();
      let answer: ScriptedAnswer;
      if (next && "accept" in next) {
        answerLikeTwilio(req, form);
        if (next.accept === "drop") return req.socket.destroy();
        answer = next.accept;
      } else answer = next ?? answerLikeTwilio(req, form);
      res.writeHead(answer.status, { "content-type": "application/json", ...answer.headers });
      res.end(JSON.stringify(answer.body));
    });
  });

  function answerLikeTwilio(req: http.IncomingMessage, form: URLSearchParams): ScriptedAnswer {
    const expectedAuth = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString("base64")}`;
    if (req.headers.authorization !== expectedAuth) return twilioError(401, 20003, "Authenticate");
    const url = new URL(req.url!, "http://localhost");
    if (req.method === "GET" && url.pathname === `/2010-04-01/Accounts/${accountSid}/Messages.json`) return listLikeTwilio(url);
    if (req.method === "GET" && url.pathname === `/2010-04-01/Accounts/${accountSid}.json`) return accountLikeTwilio();
    if (req.method === "GET" && url.pathname === `/2010-04-01/Accounts/${accountSid}/IncomingPhoneNumbers.json`) return numbersLikeTwilio(url);
    if (req.method !== "POST" || req.url !== `/2010-04-01/Accounts/${accountSid}/Messages.json`)
      return twilioError(404, 20404, "The requested resource was not found");
    const to = form.get("To") ?? "";
    if (!to || !form.get("From")) return twilioError(400, 21604, "A 'To' phone number is required.");
    const known = errorFor[to];
    if (known) return twilioError(400, known.code, known.message);
    const sid = `SM${(++counter).toString(16).padStart(32, "0")}`;
    const media = form.getAll("MediaUrl");
    const created = {
      status: 201,
      body: {
        sid,
        account_sid: accountSid,
        from: form.get("From"),
        to,
        body: form.get("Body") ?? "",
        status: "queued",
        num_media: String(media.length),
        num_segments: "1",
        direction: "outbound-api",
        api_version: "2010-04-01",
        date_created: new Date().toUTCString(),
        date_updated: new Date().toUTCString(),
        date_sent: null,
        error_code: null,
        error_message: null,
        price: null,
        price_unit: "USD",
        messaging_service_sid: null,
        uri: `/2010-04-01/Accounts/${accountSid}/Messages/${sid}.json`,
        subresource_uris: { media: `/2010-04-01/Accounts/${accountSid}/Messages/${sid}/Media.json` },
      },
    };
    messages.push(created.body);
    return created;
  }

  function accountLikeTwilio(): ScriptedAnswer {
    const uri = `/2010-04-01/Accounts/${accountSid}.json`;
    const body = { sid: accountSid, friendly_name: "My first Twilio account", status: account.status ?? "active", type: "Full", owner_account_sid: accountSid };
    return { status: 200, body: { ...body, auth_token: authToken, date_created: new Date().toUTCString(), date_updated: new Date().toUTCString(), uri } };
  }

  /** IncomingPhoneNumbers.json: the account's numbers, PhoneNumber matched exactly (E.164). */
  function numbersLikeTwilio(url: URL): ScriptedAnswer {
    for (const key of url.searchParams.keys()) if (!NUMBER_PARAMS.has(key)) return twilioError(400, 20001, `Unknown parameter ${key}`);
    const wanted = url.searchParams.get("PhoneNumber");
    const found = (account.numbers ?? []).filter((n) => !wanted || n === wanted);
    const uri = `/2010-04-01/Accounts/${accountSid}/IncomingPhoneNumbers.json?${url.searchParams}`;
    const incoming_phone_numbers = found.map((n, i) => ({
      sid: `PN${i.toString(16).padStart(32, "0")}`,
      account_sid: accountSid,
      phone_number: n,
      friendly_name: n,
      capabilities: { sms: true, mms: true, voice: true },
      status: "in-use",
    }));
    return {
      status: 200,
      body: {
        incoming_phone_numbers,
        end: Math.max(0, found.length - 1),
        first_page_uri: uri,
        next_page_uri: null,
        page: 0,
        page_size: 50,
        previous_page_uri: null,
        start: 0,
        uri,
      },
    };
  }

  /** Twilio's list page: To/From exact, DateSent>=/<=/= by GMT day (a message not sent yet has no date_sent). */
  function listLikeTwilio(url: URL): ScriptedAnswer {
    for (const key of url.searchParams.keys()) if (!LIST_PARAMS.has(key)) return twilioError(400, 20001, `Unknown parameter ${key}`);
    const q = url.searchParams;
    const day = (v: string) => v.slice(0, 10);
    const sentDay = (m: Record<string, unknown>) => (m.date_sent ? new Date(String(m.date_sent)).toISOString().slice(0, 10) : null);
    const found = messages
      .filter((m) => (!q.get("To") || m.to === q.get("To")) && (!q.get("From") || m.from === q.get("From")))
      .filter((m) => !q.has("DateSent>") || ((d) => d !== null && d >= day(q.get("DateSent>")!))(sentDay(m)))
      .filter((m) => !q.has("DateSent<") || ((d) => d !== null && d <= day(q.get("DateSent<")!))(sentDay(m)))
      .filter((m) => !q.has("DateSent") || sentDay(m) === day(q.get("DateSent")!))
      .reverse()
      .slice(0, Number(q.get("PageSize") ?? 50));
    const uri = `/2010-04-01/Accounts/${accountSid}/Messages.json?${q}`;
    return {
      status: 200,
      body: {
        messages: found,
        end: Math.max(0, found.length - 1),
        first_page_uri: uri,
        next_page_uri: null,
        page: 0,
        page_size: found.length,
        previous_page_uri: null,
        start: 0,
        uri,
      },
    };
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    baseUrl,
    seen,
    script,
    messages,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
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
