// Telnyx through the official `telnyx` package (v7): sends SMS/MMS and maps Telnyx's answers onto
// SendResults. The package's own retries are off (maxRetries: 0): the delivery worker owns retrying.
import { networkFailure } from "./network-failure";
import Telnyx, { APIConnectionError, APIError } from "telnyx";
import type { Carrier, FoundSms, OutboundSms, SendResult } from "./carrier";
import type { TelnyxCredentials } from "./credentials";
import { retryAfterMs } from "./twilio";

export interface TelnyxCarrierOptions extends Pick<TelnyxCredentials, "apiKey" | "messagingProfileId"> {
  /** Defaults to https://api.telnyx.com/v2; tests point it at a local server. */
  baseURL?: string;
  timeoutMs?: number;
}

/** Telnyx messaging error codes a rep can act on. */
const permanentErrors: Record<string, string> = {
  "40300": "The recipient has opted out of texts from this number (they replied STOP)",
  "40310": "The phone number is not a valid number",
  "40012": "The phone number is not a valid number",
  "40001": "The number cannot receive text messages (it may be a landline)",
  "40305": "This inbox's number cannot send texts on Telnyx",
  "40003": "The carrier blocked the text as spam",
};

export function createTelnyxCarrier(options: TelnyxCarrierOptions): Carrier {
  const client = new Telnyx({
    apiKey: options.apiKey,
    ...(options.baseURL ? { baseURL: options.baseURL } : {}),
    maxRetries: 0,
    timeout: options.timeoutMs ?? 15_000,
  });
  return {
    async send(sms: OutboundSms): Promise<SendResult> {
      try {
        const { data } = await client.messages.send({
          from: sms.from,
          to: sms.to,
          ...(sms.body ? { text: sms.body } : {}),
          ...(sms.mediaUrls.length > 0 ? { media_urls: sms.mediaUrls, type: "MMS" as const } : {}),
          ...(options.messagingProfileId ? { messaging_profile_id: options.messagingProfileId } : {}),
          webhook_url: sms.statusCallbackUrl,
        });
        // Accepted but unidentifiable: resending could text the customer twice, so stop here.
        if (!data?.id)
          return {
            ok: false,
            permanent: true,
            errorCode: "no_message_id",
            errorReason: "Telnyx accepted the text without a message id; check the Telnyx portal before resending",
          };
        const status = data.to?.[0]?.status;
        return { ok: true, carrierMessageId: data.id, status: status === "sent" ? "sent" : "sending" };
      } catch (err) {
        return telnyxFailure(err);
      }
    },

    /**
     * Telnyx's messaging detail records from our number to theirs created since the attempt (a minute of
     * clock skew allowed), oldest first. They carry no text, so the first outbound one that is not one of
     * our other texts is taken as this one.
     */
    async findSent(sms: OutboundSms, since: string, known: ReadonlySet<string>): Promise<FoundSms | null> {
      const after = new Date(Date.parse(since) - CLOCK_SKEW_MS).toISOString();
      const page = await client.detailRecords.list({
        filter: { record_type: "messaging", cli: sms.from, cld: sms.to, direction: "outbound", created_at: { gte: after } },
        sort: ["created_at"],
        "page[size]": 50,
      });
      for (const record of page.data as Array<{ uuid?: string; direction?: string; created_at?: string; status?: string }>) {
        if (!record.uuid || known.has(record.uuid) || record.direction === "inbound") continue;
        if (record.created_at && record.created_at < after) continue;
        return { carrierMessageId: record.uuid, status: record.status === "delivered" ? "sent" : "sending" };
      }
      return null;
    },
  };
}

const CLOCK_SKEW_MS = 60_000;

function telnyxFailure(err: unknown): SendResult & { ok: false } {
  if (err instanceof APIError && !(err instanceof APIConnectionError) && err.status !== undefined) {
    const first = (err.error as { errors?: Array<{ code?: unknown; title?: string; detail?: string }> } | undefined)?.errors?.[0];
    const code = first?.code != null ? String(first.code) : `http_${err.status}`;
    const headers = err.headers ? Object.fromEntries(err.headers.entries()) : undefined;
    if (err.status === 429) {
      return {
        ok: false,
        permanent: false,
        errorCode: code,
        errorReason: "Telnyx is rate-limiting this account; the text will be retried",
        retryAfterMs: retryAfterMs(headers),
      };
    }
    if (err.status >= 500) {
      // A 5xx may come after Telnyx took the text: looked up before any retry (findSent).
      return {
        ok: false,
        permanent: false,
        uncertain: true,
        errorCode: code,
        errorReason: "Telnyx had a temporary problem",
        retryAfterMs: retryAfterMs(headers),
      };
    }
    if (err.status === 401 || err.status === 403) {
      return { ok: false, permanent: true, errorCode: code, errorReason: "Telnyx rejected this inbox's API key; an admin must update it" };
    }
    const reason = permanentErrors[code] ?? `Telnyx refused the text: ${first?.detail ?? first?.title ?? `HTTP ${err.status}`}`;
    return { ok: false, permanent: true, errorCode: code, errorReason: reason, ...(code === "40300" ? { recipientOptedOut: true } : {}) };
  }
  return networkFailure("Telnyx", err);
}
