// Events other apps report about a contact (POST /v1/events): a form's lead.created, a scheduler's
// appointment.booked, a payment platform's payment.received. Requests are strict, as in api.ts.
import { z } from "zod";
import { MAX_TAGS, Tag } from "./contact-tags";
import { isoTime } from "./entities";

export const ContactEvent = z.object({
  id: z.string(),
  contactId: z.string(),
  type: z.string(),
  data: z.record(z.string(), z.unknown()),
  occurredAt: isoTime,
  idempotencyKey: z.string(),
  /** "api" for POST /v1/events; the catch hook's source id otherwise. */
  source: z.string(),
  createdAt: isoTime,
});
export type ContactEvent = z.infer<typeof ContactEvent>;

export const InboundEventBody = z.strictObject({
  type: z
    .string()
    .trim()
    .regex(/^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/, "must look like lead.created (lowercase words joined by dots)")
    .max(100),
  contact: z.strictObject({
    phone: z.string().trim().min(1).max(64),
    country: z.string().length(2).toUpperCase().optional(),
    name: z.string().trim().min(1).max(200).optional(),
    attributes: z.record(z.string().trim().min(1).max(100), z.string().max(1000)).optional(),
    /** Added to the contact's tags (never replacing them). */
    tags: z.array(Tag).max(MAX_TAGS).optional(),
  }),
  data: z.record(z.string(), z.unknown()).default({}),
  occurredAt: isoTime.optional(),
  idempotencyKey: z.string().trim().min(1).max(200),
});
export type InboundEventBody = z.infer<typeof InboundEventBody>;
