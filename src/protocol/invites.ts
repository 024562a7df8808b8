// Invites by link (owners and admins): the link is shown once, then only its hash is kept. Requests are
// strict, as in api.ts.
import { z } from "zod";
import { isoTime, roles, User } from "./entities";

export const Invite = z.object({
  id: z.string(),
  email: z.string(),
  role: z.enum(roles),
  invitedBy: z.string(),
  createdAt: isoTime,
  expiresAt: isoTime,
  /** pending until someone accepts it, it expires, or an admin revokes it. */
  state: z.enum(["pending", "accepted", "expired", "revoked"]),
  acceptedUserId: z.string().nullable(),
});
export type Invite = z.infer<typeof Invite>;

export const InviteBody = z.strictObject({
  email: z.string().trim().toLowerCase().email(),
  role: z.enum(roles),
  /** How long the link works: 1 to 30 days, 7 by default. */
  expiresInDays: z.number().int().min(1).max(30).optional(),
});
export const CreatedInviteResponse = z.object({
  invite: Invite,
  /** The link to hand to the invitee; shown this once. */
  url: z.string(),
  token: z.string(),
  /** Whether the link was also mailed (only with SMTP configured); the reason when mailing failed. */
  mailed: z.boolean(),
  mailError: z.string().optional(),
});
export const InvitesResponse = z.object({ invites: z.array(Invite) });

export const InviteTokenParams = z.strictObject({ token: z.string().min(10).max(200) });
/** What the invite page shows before joining: for whom, which role, until when, from whom. */
export const InvitePreviewResponse = z.object({
  invite: z.object({ email: z.string(), role: z.enum(roles), expiresAt: isoTime, invitedByName: z.string() }),
});

export const AcceptInviteBody = z.strictObject({
  name: z.string().trim().min(1).max(100),
  password: z.string().min(8, "must be at least 8 characters").max(200),
});
export const AcceptInviteResponse = z.object({ token: z.string(), user: User });
