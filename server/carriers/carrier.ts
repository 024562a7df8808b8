// What the server needs from an SMS carrier. Implementations: simulator (built in), twilio, telnyx.
// A carrier only talks to its network; statuses it learns later come back through `DeliveryReports`.
import type { MessageStatus } from "../../src/protocol/entities";

export interface OutboundSms {
  messageId: string;
  from: string;
  to: string;
  body: string;
  mediaUrls: string[];
  /** Where the carrier should post delivery receipts for this message. */
  statusCallbackUrl: string;
}

export type SendResult =
  | { ok: true; carrierMessageId: string; status: "sending" | "sent" }
  | {
      ok: false;
      /** Permanent errors fail the message at once; the others are retried with backoff. */
      permanent: boolean;
      errorCode: string;
      errorReason: string;
      /** The carrier says the recipient opted out (Twilio 21610): mark the contact opted out too. */
      recipientOptedOut?: boolean;
      retryAfterMs?: number;
      /**
       * The carrier may have taken the text (a 5xx after the request reached it, a timeout, a connection
       * dropped mid-request): before another attempt it is looked up with `findSent`, never blindly resent.
       */
      uncertain?: boolean;
    };

/** A text the carrier has, found by `findSent`. */
export interface FoundSms {
  carrierMessageId: string;
  status: "sending" | "sent";
}

export interface Carrier {
  send(sms: OutboundSms): Promise<SendResult>;
  /**
   * Asks the carrier whether it took `sms` in an attempt begun at `since` (or later): the text to the same
   * number from the same number since then, skipping the carrier ids in `known` (our other texts). Null when
   * it has none; throws when the carrier could not be asked. Carriers without it never answer `uncertain`.
   */
  findSent?(sms: OutboundSms, since: string, known: ReadonlySet<string>): Promise<FoundSms | null>;
}

/** Carriers report statuses learnt after the send (receipts, simulator timers) here. */
export interface DeliveryReports {
  reportStatus(input: {
    inboxId: string;
    carrierMessageId: string;
    status: MessageStatus;
    errorCode?: string | null;
    errorReason?: string | null;
  }): Promise<void>;
}
