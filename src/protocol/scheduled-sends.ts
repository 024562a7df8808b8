// Sends that wait (issue 17): a rep's "send later" from any composer, and the workspace's quiet hours (a
// window in the recipient's local time outside of which automated texts wait). Plus what the pre-send check
// learns from the server about a recipient: their local time, whether it is quiet there, opt-out, line type.
import { z } from "zod";
import { isoTime } from "./entities";

/** What cancels a waiting send. An opt-out always does (the send would be refused anyway). */
export const cancelEvents = ["customerReply", "agentReply", "resolved", "reassigned"] as const;
export type CancelEvent = (typeof cancelEvents)[number];

export const ScheduledSend = z.object({
  id: z.string(),
  conversationId: z.string(),
  authorId: z.string(),
  body: z.string(),
  sendAt: isoTime,
  cancelOn: z.array(z.enum(cancelEvents)),
  status: z.enum(["pending", "sent", "cancelled", "failed"]),
  /** Why it was cancelled or failed ("the customer replied"), in words a rep reads. */
  reason: z.string().nullable(),
  messageId: z.string().nullable(),
  createdAt: isoTime,
  updatedAt: isoTime,
});
export type ScheduledSend = z.infer<typeof ScheduledSend>;

const body = z.string().trim().min(1, "must not be empty").max(1600);
export const ScheduleSendBody = z.strictObject({
  body,
  sendAt: isoTime,
  cancelOn: z.array(z.enum(cancelEvents)).max(cancelEvents.length).default(["customerReply"]),
  /** The composer's idempotency key: the same one again answers with the first scheduled send. */
  clientId: z.string().min(1).max(100),
});
export type ScheduleSendBody = z.infer<typeof ScheduleSendBody>;
export type ScheduleSendInput = z.input<typeof ScheduleSendBody>;
export const ScheduledSendPatch = z.strictObject({ body: body.optional(), sendAt: isoTime.optional() });
export type ScheduledSendPatch = z.infer<typeof ScheduledSendPatch>;
export const ScheduledSendResponse = z.object({ scheduled: ScheduledSend });
export const ScheduledSendsResponse = z.object({ scheduled: z.array(ScheduledSend) });

const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "a time as HH:MM (24 h)");
/** Texts may go between `from` and `to` in the recipient's local time (8:00–21:00 by default). */
export const QuietHours = z.strictObject({ enabled: z.boolean(), from: time, to: time }).refine((q) => q.from < q.to, "the window ends after it opens");
export type QuietHours = z.infer<typeof QuietHours>;
export const QuietHoursResponse = z.object({ quietHours: QuietHours });

export const RecipientCheck = z.object({
  phoneNumber: z.string(),
  /** IANA zones the number may be in (from its country and area code, or the contact's `timeZone` attribute); empty when unknown. */
  timeZones: z.array(z.string()),
  /** The recipient's wall-clock time ("14:05"), when their zone is known. */
  localTime: z.string().nullable(),
  quietHours: QuietHours,
  /** Quiet hours are on and it is outside the window where the recipient is. */
  inQuietHours: z.boolean(),
  /** When the window next opens there (ISO), if it is quiet now. */
  opensAt: isoTime.nullable(),
  optedOut: z.boolean(),
  lineType: z.enum(["mobile", "landline", "unknown"]),
});
export type RecipientCheck = z.infer<typeof RecipientCheck>;
export const RecipientCheckResponse = z.object({ recipient: RecipientCheck });
