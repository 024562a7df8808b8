// The transfer commands (issue 18), spread into Command (./messages.ts): where a conversation can go (every
// location's inboxes) and moving it there, answered by the server.
import { z } from "zod";
import type { Conversation } from "./entities";
import type { TransferTarget } from "./locations";

const id = z.string().min(1).max(100);

export const locationCommands = [
  z.object({ type: z.literal("transfer.targets") }),
  z.object({ type: z.literal("conversation.transfer"), conversationId: id, inboxId: id }),
] as const;

export interface LocationCommandData {
  "transfer.targets": { targets: TransferTarget[] };
  "conversation.transfer": { conversation: Conversation; warning: string | null };
}
