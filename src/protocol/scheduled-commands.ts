// Commands for send later and the pre-send check (issue 17), spread into Command (./messages.ts). The worker
// asks the server each time: scheduled sends are not in the cache, and a recipient's local time is of now.
import { z } from "zod";
import { isoTime } from "./entities";
import { cancelEvents, type RecipientCheck, type ScheduledSend } from "./scheduled-sends";

const id = z.string().min(1).max(100);
const body = z.string().trim().min(1, "must not be empty").max(1600);

export const scheduledCommands = [
  z.object({ type: z.literal("scheduled.list"), conversationId: id }),
  z.object({ type: z.literal("scheduled.create"), conversationId: id, body, sendAt: isoTime, cancelOn: z.array(z.enum(cancelEvents)).max(4) }),
  z.object({ type: z.literal("scheduled.change"), id, body: body.optional(), sendAt: isoTime.optional() }),
  z.object({ type: z.literal("scheduled.cancel"), id }),
  z.object({ type: z.literal("recipient.check"), conversationId: id }),
] as const;

export interface ScheduledCommandData {
  "scheduled.list": { scheduled: ScheduledSend[] };
  "scheduled.create": { scheduled: ScheduledSend };
  "scheduled.change": { scheduled: ScheduledSend };
  "scheduled.cancel": { scheduled: ScheduledSend };
  "recipient.check": { recipient: RecipientCheck };
}
