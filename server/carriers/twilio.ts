// Twilio through the official `twilio` package: sends SMS/MMS and turns Twilio's answers into SendResults.
// The package's own retries stay off (autoRetry defaults to false): the delivery worker owns retrying.
import { AsyncLocalStorage } from "node:async_hooks";
import { networkFailure } from "./network-failure";
import twilio from "twilio";
import type RequestClient from "twilio/lib/base/RequestClient";
import type { MessagePage } from "twilio/lib/rest/api/v2010/account/message";
import type { Carrier, FoundSms, OutboundSms, SendResult } from "./carrier";
import type { TwilioCredentials } from "./credentials";
import { twilioErrorReason } from "./twilio-errors";

export interface TwilioCarrierOptions extends TwilioCredentials {
  /** A RequestClient (tests hand in one that points at a local server); defaults to the package's own. */
  httpClient?: twilio.RequestClient;
  timeoutMs?: number;
}

export function createTwilioCarrier(options: TwilioCarrierOptions): Carrier {
  const headersOfLastResponse = new AsyncLocalStorage<{ headers?: Record<string, unknown> }>();
  const inner = options.httpClient ?? new twilio.RequestClient({ timeout: options.timeoutMs ?? 15_000, keepAlive: true });
  // The package throws a RestException without the response headers; Retry-After lives there, so the
  // response headers are captured per send (concurrent sends each have their own store).
  const httpClient = {
    request: async (opts: RequestClient.RequestOptions) => {
      const response = await inner.request(opts);
      const store = headersOfLastResponse.getStore();
      if (store) store.headers = response.headers as Record<string, unknown>;
      return response;
    },
  } as unknown as twilio.RequestClient;
  const client = twilio(options.accountSid, options.authToken, { httpClient, autoRetry: false });

  return {
    async send(sms: OutboundSms): Promise<SendResult> {
      const store: { headers?: Record<string, unknown> } = {};
      try {
        const message = await headersOfLastResponse.run(store, () =>
          client.messages.create({
            from: sms.from,
            to: sms.to,
            ...(sms.body ? { body: sms.body } : {}),
            ...(sms.mediaUrls.length > 0 ? { mediaUrl: sms.mediaUrls } : {}),
            statusCallback: sms.statusCallbackUrl,
          }),
        );
        return { ok: true, carrierMessageId: message.sid, status: message.status === "sent" ? "sent" : "sending" };
      } catch (err) {
        return twilioFailure(err, store.headers);
      }
    },

    /**
     * Messages from our number to theirs with DateSent on or after the attempt's day (Twilio filters by
     * day), then the latest ones in case it is still queued (no DateSent yet): one with the same body,
     * created since the attempt (a minute of clock skew allowed), that is not one of our other texts.
     */
    async findSent(sms: OutboundSms, since: string, known: ReadonlySet<string>): Promise<FoundSms | null> {
      const after = Date.parse(since) - CLOCK_SKEW_MS;
      const day = new Date(`${new Date(after).toISOString().slice(0, 10)}T00:00:00Z`);
      const matching = (page: MessagePage) =>
        page.instances.find((m) => !known.has(m.sid) && m.direction !== "inbound" && (m.body ?? "") === sms.body && (m.dateCreated?.getTime() ?? 0) >= after);
      for (const filter of [{ dateSentAfter: day }, {}]) {
        const found = matching(await client.messages.page({ to: sms.to, from: sms.from, pageSize: 50, ...filter }));
        if (found) return { carrierMessageId: found.sid, status: found.status === "sent" || found.status === "delivered" ? "sent" : "sending" };
      }
      return null;
    },
  };
}

const CLOCK_SKEW_MS = 60_000;

/** Maps what the package threw onto a SendResult: permanent for the number's problems, transient otherwise. */
function twilioFailure(err: unknown, headers: Record<string, unknown> | undefined): SendResult & { ok: false } {
  if (err instanceof twilio.RestException) {
    const code = err.code != null ? String(err.code) : `http_${err.status}`;
    if (err.status === 429) {
      return {
        ok: false,
        permanent: false,
        errorCode: code,
        errorReason: "Twilio is rate-limiting this account; the text will be retried",
        retryAfterMs: retryAfterMs(headers),
      };
    }
    if (err.status >= 500) {
      // A 502/504 may come after Twilio took the text: looked up before any retry (findSent).
      return {
        ok: false,
        permanent: false,
        uncertain: true,
        errorCode: code,
        errorReason: "Twilio had a temporary problem",
        retryAfterMs: retryAfterMs(headers),
      };
    }
    const reason = twilioErrorReason(code) ?? `Twilio refused the text: ${err.message || `HTTP ${err.status}`}`;
    return { ok: false, permanent: true, errorCode: code, errorReason: reason, ...(code === "21610" ? { recipientOptedOut: true } : {}) };
  }
  return networkFailure("Twilio", err);
}

/** Retry-After in seconds or as an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(headers: Record<string, unknown> | undefined): number | undefined {
  const raw = headers?.["retry-after"] ?? headers?.["Retry-After"];
  if (typeof raw !== "string" && typeof raw !== "number") return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
  const at = Date.parse(String(raw));
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}
