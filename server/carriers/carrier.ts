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
    };

export interface Carrier {
  send(sms: OutboundSms): Promise<SendResult>;
}

/** Carriers report statuses learnt after the send (receipts, simulator timers) here. */
export interface DeliveryReports {
  reportStatus(input: { inboxId: string; carrierMessageId: string; status: MessageStatus; errorCode?: string | null; errorReason?: string | null }): Promise<void>;
}
