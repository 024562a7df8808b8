// Twilio webhook requests as Twilio sends them: the documented form fields, signed with the package's own
// getExpectedTwilioSignature over the URL Twilio was given.
import twilio from "twilio";

let counter = 0;
/** A fresh 34-character Message SID (SM + 32 hex). */
const messageSid = () => `SM${(Date.now().toString(16) + (++counter).toString(16).padStart(8, "0")).padStart(32, "0")}`;

export const ACCOUNT_SID = `AC${"5e1f0a7c3b9d24e6".repeat(2)}`;
export const AUTH_TOKEN = "9f3c1e7a5b2d4f6081a3c5e7092b4d6f";

/** The incoming-message webhook (https://www.twilio.com/docs/messaging/guides/webhook-request). */
export function inboundParams(o: {
  sid?: string;
  from: string;
  to: string;
  body: string;
  media?: Array<{ url: string; contentType: string }>;
  optOutType?: string;
}) {
  const sid = o.sid ?? messageSid();
  const params: Record<string, string> = {
    ToCountry: "US",
    ToState: "CA",
    SmsMessageSid: sid,
    NumMedia: String(o.media?.length ?? 0),
    ToCity: "SAN FRANCISCO",
    FromZip: "94103",
    SmsSid: sid,
    FromState: "CA",
    SmsStatus: "received",
    FromCity: "SAN FRANCISCO",
    Body: o.body,
    FromCountry: "US",
    To: o.to,
    ToZip: "94105",
    NumSegments: "1",
    MessageSid: sid,
    AccountSid: ACCOUNT_SID,
    From: o.from,
    ApiVersion: "2010-04-01",
  };
  o.media?.forEach((m, i) => {
    params[`MediaUrl${i}`] = m.url;
    params[`MediaContentType${i}`] = m.contentType;
  });
  if (o.optOutType) params.OptOutType = o.optOutType;
  return params;
}

/** A status callback (https://www.twilio.com/docs/messaging/guides/track-outbound-message-status). */
export function statusParams(o: { sid: string; status: string; from: string; to: string; errorCode?: string }) {
  const params: Record<string, string> = {
    SmsSid: o.sid,
    SmsStatus: o.status,
    MessageStatus: o.status,
    To: o.to,
    MessageSid: o.sid,
    AccountSid: ACCOUNT_SID,
    From: o.from,
    ApiVersion: "2010-04-01",
  };
  if (o.errorCode) params.ErrorCode = o.errorCode;
  if (o.status === "delivered" || o.status === "undelivered") params.RawDlrDoneDate = "2601271015";
  return params;
}

export interface SignedPost {
  url: string;
  body: string;
  headers: Record<string, string>;
}

/** A request as Twilio would post it to `publicUrl`, signed with `authToken` (or with the given signature). */
export function signedTwilioPost(publicUrl: string, params: Record<string, string>, opts: { authToken?: string; signature?: string | null } = {}): SignedPost {
  const signature = opts.signature === undefined ? twilio.getExpectedTwilioSignature(opts.authToken ?? AUTH_TOKEN, publicUrl, params) : opts.signature;
  const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded", "i-twilio-idempotency-token": params.MessageSid ?? "" };
  if (signature !== null) headers["x-twilio-signature"] = signature;
  return { url: publicUrl, body: new URLSearchParams(params).toString(), headers };
}

/** Sends a signed post to the local server at `baseUrl`, keeping the public URL's path and query. */
export async function deliver(baseUrl: string, post: SignedPost) {
  const u = new URL(post.url);
  const res = await fetch(baseUrl + u.pathname + u.search, { method: "POST", headers: post.headers, body: post.body });
  return { status: res.status, contentType: res.headers.get("content-type"), text: await res.text() };
}
