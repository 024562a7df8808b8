// The SLA chips' command (issue 18), spread into Command (./messages.ts): the conversations waiting for an
// answer now with their due times, asked of the server (the waits are the analytics' state, not cached).
import { z } from "zod";
import type { SlaWaitsResponse } from "./analytics";

export const slaCommands = [z.object({ type: z.literal("sla.waits") })] as const;

export interface SlaCommandData {
  "sla.waits": SlaWaitsResponse;
}
