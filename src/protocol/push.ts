// Web Push: the endpoints a device subscribes with, the user's mutes and do-not-disturb hours, and the payload
// the service worker receives (web/push/sw-push.ts). Requests are strict, as in api.ts.
import { z } from "zod";
import { isoTime } from "./entities";

const base64url = z.string().regex(/^[A-Za-z0-9_-]+=*$/, "must be base64url");

export const PushKeyResponse = z.object({ publicKey: z.string() });

/** What `PushSubscription.toJSON()` gives, plus the device's name as the user sees it in their list. */
export const PushSubscriptionBody = z.strictObject({
  endpoint: z.string().url().max(2000),
  expirationTime: z.number().nullable().optional(),
  keys: z.strictObject({ p256dh: base64url.min(80).max(120), auth: base64url.min(16).max(40) }),
  label: z.string().trim().min(1).max(100).optional(),
});
export type PushSubscriptionBody = z.infer<typeof PushSubscriptionBody>;

/** One of the user's devices (never its keys). */
export const PushDevice = z.object({
  id: z.string(),
  label: z.string().nullable(),
  userAgent: z.string().nullable(),
  createdAt: isoTime,
  lastPushedAt: isoTime.nullable(),
});
export type PushDevice = z.infer<typeof PushDevice>;
export const PushDeviceResponse = z.object({ device: PushDevice });
export const PushDevicesResponse = z.object({ devices: z.array(PushDevice) });

export const MuteParams = z.strictObject({ id: z.string().min(1).max(100) });
export const MutesResponse = z.object({ conversationIds: z.array(z.string()) });

const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "must be HH:MM (24-hour)");
const timeZone = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, "must be an IANA time zone such as Europe/Paris");
/** No pushes from `start` to `end` in `timeZone` (may run past midnight: 22:00 to 07:00); null: none. */
export const QuietHours = z.strictObject({ start: clock, end: clock, timeZone }).refine((q) => q.start !== q.end, "start and end must differ");
export type QuietHours = z.infer<typeof QuietHours>;
export const QuietHoursBody = z.strictObject({ quietHours: QuietHours.nullable() });
export const QuietHoursResponse = z.object({ quietHours: QuietHours.nullable() });

/** The decrypted push message: one inbound text on a conversation the device's user may read. */
export const PushPayload = z.object({
  type: z.literal("message"),
  conversationId: z.string(),
  messageId: z.string(),
  /** The device's user: "Assign to me" assigns to them. */
  userId: z.string(),
  title: z.string(),
  body: z.string(),
  /** Where "Reply" and a click go, relative to the app's origin. */
  url: z.string(),
  actions: z.array(z.object({ action: z.enum(["reply", "assign"]), title: z.string() })),
  sentAt: isoTime,
});
export type PushPayload = z.infer<typeof PushPayload>;
