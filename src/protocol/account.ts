// Request and response bodies of the account endpoints of Inbox API v1: a user's sessions (devices), their
// password, and an owner's or admin's changes to teammates. Requests are strict, as in api.ts.
import { z } from "zod";
import { isoTime, roles, User } from "./entities";

const Session = z.object({
  id: z.string(),
  /** The browser or program that signed in (its User-Agent), as it said. */
  userAgent: z.string().nullable(),
  createdAt: isoTime,
  lastUsedAt: isoTime,
  /** When it signs out by itself: 30 days after sign-in, or sooner after the idle timeout without use. */
  expiresAt: isoTime,
  /** The session this request was made with. */
  current: z.boolean(),
});
export const SessionsResponse = z.object({ sessions: z.array(Session) });

const newPassword = z.string().min(8, "must be at least 8 characters").max(200);
export const ChangePasswordBody = z.strictObject({ currentPassword: z.string().min(1).max(200), newPassword });
export const ChangePasswordResponse = z.object({ signedOutSessions: z.number().int() });

export const UserBody = z.strictObject({
  email: z.string().trim().toLowerCase().email(),
  name: z.string().trim().min(1).max(100),
  role: z.enum(roles),
  password: newPassword,
});
export const UserPatchBody = z.strictObject({
  name: z.string().trim().min(1).max(100).optional(),
  role: z.enum(roles).optional(),
});
export const UserResponse = z.object({ user: User });
