// POST /webhooks/telnyx/:inboxId — Telnyx messaging webhooks: `message.received` (inbound texts) and
// `message.sent` / `message.finalized` (delivery updates). The Ed25519 signature over "timestamp|body"
// and the 5-minute timestamp window are checked by the official package before anything is stored.
import type { FastifyInstance } from "fastify";
import { TelnyxWebhook } from "telnyx/lib/webhooks";
import { z } from "zod";
import type { MessageStatus } from "../../src/protocol/entities";
import { toE164 } from "../../src/core/phone";
import { AppError } from "../errors";
import { receiveInbound } from "../messages/receive-inbound";
import { reportStatus } from "../delivery/report-status";
import { loadWebhookInbox } from "./webhook-inbox";

/** Telnyx's per-recipient statuses, mapped onto ours. */
const statusMap: Record<string, MessageStatus> = {
  queued: "queued",
  sending: "sending",
  sent: "sent",
  delivered: "delivered",
  // No receipt from the handset's carrier: stays `sent`, and the overdue flag tells the rep.
  delivery_unconfirmed: "sent",
  delivery_failed: "undelivered",
  expired: "undelivered",
  sending_failed: "failed",
};

const Phone = z.looseObject({ phone_number: z.string().max(64) });
const Payload = z.looseObject({
  id: z.string().min(1).max(100),
  from: Phone,
  to: z.array(z.looseObject({ phone_number: z.string().max(64), status: z.string().max(40).optional() })).min(1),
  text: z.string().max(10_000).nullish(),
  media: z
    .array(z.looseObject({ url: z.string().max(2000), content_type: z.string().max(200).nullish() }))
    .max(20)
    .nullish(),
  errors: z.array(z.looseObject({ code: z.union([z.string(), z.number()]).optional(), title: z.string().optional(), detail: z.string().optional() })).nullish(),
});
const Envelope = z.looseObject({
  data: z.looseObject({ event_type: z.string().max(100), id: z.string().max(100).optional(), payload: z.unknown() }),
});

export async function telnyxWebhook(app: FastifyInstance) {
  // The signature covers the body byte for byte: keep it raw, parse after verifying.
  app.addContentTypeParser("application/json", { parseAs: "string" }, (_req, body, done) => done(null, body));

  app.post(
    "/telnyx/:inboxId",
    {
      schema: { tags: ["webhooks"], summary: "Telnyx messaging webhooks (Ed25519 signature and timestamp required)", security: [] },
    },
    async (req, reply) => {
      const { inboxId } = z.object({ inboxId: z.string().min(1).max(100) }).parse(req.params);
      const inbox = await loadWebhookInbox(app.ctx, inboxId, "telnyx");
      const raw = typeof req.body === "string" ? req.body : "";
      try {
        await new TelnyxWebhook(inbox.credentials.publicKey).verify(raw, req.headers as Record<string, string>);
      } catch (err) {
        throw new AppError("forbidden", `Telnyx signature refused (${(err as Error).message}); nothing was stored`);
      }
      let json: unknown;
      try {
        json = JSON.parse(raw);
      } catch {
        throw new AppError("validation_failed", "The body is not JSON");
      }
      const { data } = Envelope.parse(json);
      if (data.event_type === "message.received") await storeInbound(app, inbox, Payload.parse(data.payload));
      else if (data.event_type === "message.sent" || data.event_type === "message.finalized")
        await applyDeliveryUpdate(app, inboxId, Payload.parse(data.payload));
      // Other event types (numbers, calls…) are acknowledged and ignored.
      return reply.code(200).send({ ok: true });
    },
  );
}

async function storeInbound(app: FastifyInstance, inbox: { id: string; phoneNumber: string }, payload: z.infer<typeof Payload>) {
  const to = payload.to.map((t) => toE164(t.phone_number));
  if (!to.includes(inbox.phoneNumber)) {
    throw new AppError(
      "validation_failed",
      `This webhook URL belongs to the inbox for ${inbox.phoneNumber}, but the text was sent to ${payload.to[0].phone_number}`,
    );
  }
  const from = toE164(payload.from.phone_number);
  if (!from) {
    app.log.warn({ inboxId: inbox.id, from: payload.from.phone_number }, "telnyx webhook: inbound from a non-phone sender ignored");
    return;
  }
  const media = (payload.media ?? []).filter((m) => URL.canParse(m.url)).map((m) => ({ url: m.url, contentType: m.content_type ?? null }));
  await receiveInbound(app.ctx, { inboxId: inbox.id, from, body: payload.text ?? "", media, carrierMessageId: payload.id });
}

async function applyDeliveryUpdate(app: FastifyInstance, inboxId: string, payload: z.infer<typeof Payload>) {
  const telnyxStatus = payload.to[0].status ?? "";
  const status = statusMap[telnyxStatus];
  if (!status) return;
  const failed = status === "failed" || status === "undelivered";
  const error = payload.errors?.[0];
  await reportStatus(app.ctx, {
    inboxId,
    carrierMessageId: payload.id,
    status,
    errorCode: failed && error?.code != null ? String(error.code) : null,
    errorReason: failed
      ? (error?.detail ?? error?.title ?? (telnyxStatus === "expired" ? "The text expired before the carrier could deliver it" : null))
      : null,
  });
}
