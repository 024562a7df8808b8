// Contact tags on the wire: one spelling per tag (trimmed, lowercase), so "VIP" and "vip " are one tag and the
// inbox list's ?tag= filter finds them all.
import { z } from "zod";
import { Contact } from "./entities";

export const Tag = z
  .string()
  .trim()
  .toLowerCase()
  .min(1, "must not be empty")
  .max(40, "at most 40 characters")
  .regex(/^[\p{L}\p{N}][\p{L}\p{N} _.:/-]*$/u, "letters, digits, spaces and _ . : / - only, starting with a letter or digit");
/** The most tags one contact keeps. */
export const MAX_TAGS = 30;

export const ContactTagsPatch = z
  .strictObject({ add: z.array(Tag).max(MAX_TAGS).optional(), remove: z.array(Tag).max(MAX_TAGS).optional() })
  .refine((p) => (p.add?.length ?? 0) + (p.remove?.length ?? 0) > 0, "give tags to add or remove");
export type ContactTagsPatch = z.infer<typeof ContactTagsPatch>;
export const ContactTagsResponse = z.object({ contact: Contact });
