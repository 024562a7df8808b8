// POST /webhooks/twilio/:inboxId — Twilio's messaging webhook (inbound texts) and status callbacks.
// The X-Twilio-Signature is checked over PUBLIC_URL + path + query with the inbox's auth token before
// anything is read into the database; an inbound text is committed before Twilio gets its 200.
import type { FastifyInstance } from "fastify";
// Only the SDK's webhook check: the whole `twilio` package takes most of a second to load.
import { validateRequest } from "twilio/lib/webhooks/webhooks.js";
import { z } from "zod";
import type { MessageStatus } from "../../src/protocol/entities";
import { toE164 } from "../../src/core/phone";
import { AppError } from "../errors";
import { receiveInbound } from "../messages/receive-inbound";
import { reportStatus } from "../delivery/report-status";
import { twilioErrorReason } from "../carriers/twilio-errors";
import { loadWebhookInbox, publicUrlOf } from "./webhook-inbox";

export const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';
type FormParams = Record<string, string | string[]>;

/** Twilio's check, exactly: HMAC-SHA1 over the URL and the sorted parameters, compared in constant time. */
export function isValidTwilioSignature(authToken: string, signature: string | undefined, url: string, params: FormParams): boolean {
  if (!signature) return false;
  return validateRequest(authToken, signature, url, params);
}

/** Every Twilio message status, mapped onto ours (`null`: says nothing about an outbound message). */
const statusMap: Record<string, MessageStatus | null> = {
  queued: "queued",
  accepted: "queued",
  scheduled: "queued",
  sending: "sending",
  sent: "sent",
  delivered: "delivered",
  read: "delivered",
  undelivered: "undelivered",
  failed: "failed",
  canceled: "failed",
  partially_delivered: "undelivered",
  receiving: null,
  received: null,
};
const fallbackReason: Partial<Record<string, string>> = {
  canceled: "The send was canceled before it went out",
  partially_delivered: "Only part of the message reached the recipient",
};

const twilioId = z.string().trim().min(2).max(64);
const Inbound = z.looseObject({
  MessageSid: twilioId,
  From: z.string().max(64),
  To: z.string().max(64),
  Body: z.string().max(10_000).default(""),
  NumMedia: z.coerce.number().int().min(0).max(20).default(0),
  OptOutType: z.string().max(20).optional(),
});
const StatusCallback = z.looseObject({
  MessageSid: twilioId,
  MessageStatus: z.string().min(1).max(40),
  ErrorCode: z.string().max(10).optional(),
});

export async function twilioWebhook(app: FastifyInstance) {
  // Twilio posts forms; keep the raw text so every parameter (repeated ones too) is signed as sent.
  app.addContentTypeParser("application/x-www-form-urlencoded", { parseAs: "string" }, (_req, body, done) => done(null, body));

  app.post(
    "/twilio/:inboxId",
    {
      schema: { tags: ["webhooks"], summary: "Twilio messaging webhook and status callback (form-encoded, X-Twilio-Signature required)", security: [] },
    },
    async (req, reply) => {
      const { inboxId } = z.object({ inboxId: z.string().min(1).max(100) }).parse(req.params);
      const inbox = await loadWebhookInbox(app.ctx, inboxId, "twilio");
      const params = formParams(typeof req.body === "string" ? req.body : "");
      const signature = req.headers["x-twilio-signature"];
      if (
        !isValidTwilioSignature(
          inbox.credentials.authToken,
          typeof signature === "string" ? signature : undefined,
          publicUrlOf(app.ctx.config, req.url),
          params,
        )
      ) {
        throw new AppError("forbidden", "Missing or invalid X-Twilio-Signature; nothing was stored");
      }

      // Incoming-message webhooks always carry Body and NumMedia; status callbacks never do.
      const isInbound = "Body" in params || "NumMedia" in params;
      const messageStatus = single(params.MessageStatus);
      if (isInbound) await storeInbound(app, inbox, params);
      else if (messageStatus !== "received" && messageStatus !== "receiving") await applyStatusCallback(app, inboxId, params);
      return reply.code(200).type("text/xml").send(EMPTY_TWIML);
    },
  );
}

async function applyStatusCallback(app: FastifyInstance, inboxId: string, params: FormParams) {
  const cb = StatusCallback.parse(flatten(params));
  // A status Twilio adds later is acknowledged and ignored rather than refused.
  const ours = statusMap[cb.MessageStatus];
  if (!ours) return;
  const failed = ours === "failed" || ours === "undelivered";
  await reportStatus(app.ctx, {
    inboxId,
    carrierMessageId: cb.MessageSid,
    status: ours,
    errorCode: failed ? (cb.ErrorCode ?? null) : null,
    errorReason: failed ? (twilioErrorReason(cb.ErrorCode) ?? fallbackReason[cb.MessageStatus] ?? null) : null,
  });
}

async function storeInbound(app: FastifyInstance, inbox: { id: string; phoneNumber: string }, params: FormParams) {
  const sms = Inbound.parse(flatten(params));
  if (toE164(sms.To) !== inbox.phoneNumber) {
    throw new AppError(
      "validation_failed",
      `This webhook URL belongs to the inbox for ${inbox.phoneNumber}, but the text was sent to ${sms.To}: paste each number's own URL`,
    );
  }
  const from = toE164(sms.From);
  if (!from) {
    // A short code or alphanumeric sender cannot be a contact (nor be replied to); acknowledged, not stored.
    app.log.warn({ inboxId: inbox.id, from: sms.From }, "twilio webhook: inbound from a non-phone sender ignored");
    return;
  }
  const media = Array.from({ length: sms.NumMedia }, (_, i) => ({
    url: single(params[`MediaUrl${i}`]) ?? "",
    contentType: single(params[`MediaContentType${i}`]) ?? null,
  })).filter((m) => URL.canParse(m.url));
  // Twilio's Advanced Opt-Out may recognise keywords of its own (OptOutType): honour them too.
  const carrierKeyword = sms.OptOutType === "STOP" ? "opt_out" : sms.OptOutType === "START" ? "opt_in" : undefined;
  await receiveInbound(app.ctx, { inboxId: inbox.id, from, body: sms.Body, media, carrierMessageId: sms.MessageSid, carrierKeyword });
}

function formParams(body: string): FormParams {
  const params: FormParams = Object.create(null);
  for (const [key, value] of new URLSearchParams(body)) {
    const prev = params[key];
    params[key] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
  }
  return params;
}

const single = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
const flatten = (params: FormParams) => Object.fromEntries(Object.entries(params).map(([k, v]) => [k, single(v)]));
