// Bodies of the admin console's endpoints (owners and admins): the inboxes they manage with the webhook URL
// to paste into the carrier's console, adding and removing members, and teammates with their status.
// Requests are strict, as in api.ts.
import { z } from "zod";
import { Inbox, isoTime, User } from "./entities";

const id = z.string().min(1).max(100);

/** An inbox as its admin sees it: where the carrier must post texts and receipts (null for the simulator). */
export const ManagedInbox = Inbox.extend({ webhookUrl: z.string().nullable() });
export type ManagedInbox = z.infer<typeof ManagedInbox>;
export const ManagedInboxesResponse = z.object({ inboxes: z.array(ManagedInbox) });

export const InboxMemberParams = z.strictObject({ id, userId: id });

/**
 * A teammate as an admin sees them: when they joined, whether they may still sign in, and until when too many
 * failed sign-ins lock them out (null when not locked now).
 */
export const Teammate = User.extend({ createdAt: isoTime, deactivatedAt: isoTime.nullable(), lockedUntil: isoTime.nullable() });
export type Teammate = z.infer<typeof Teammate>;
export const TeammatesResponse = z.object({ users: z.array(Teammate) });
export const TeammateResponse = z.object({ user: Teammate });
