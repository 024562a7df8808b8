// A teammate's availability for automatic assignment (issue 17): away is a switch they set in the popup, panel or
// web app; signed in means a client of theirs was seen lately (its stream's pings); the inbox's business hours
// decide the rest (server/automations/availability.ts).
import { z } from "zod";

export const AvailabilityPatch = z.strictObject({ away: z.boolean() });
export const Availability = z.object({
  away: z.boolean(),
  /** A client of theirs was seen in the last few minutes (server/automations/availability.ts: SIGNED_IN_MS). */
  signedIn: z.boolean(),
  lastSeenAt: z.string().nullable(),
});
export type Availability = z.infer<typeof Availability>;
export const AvailabilityResponse = z.object({ availability: Availability });

/** The extension's and web app's commands for it (spread into Command, ./messages.ts); answered by the server. */
export const availabilityCommands = [
  z.object({ type: z.literal("availability.get") }),
  z.object({ type: z.literal("availability.set"), away: z.boolean() }),
] as const;
export interface AvailabilityCommandData {
  "availability.get": { availability: Availability };
  "availability.set": { availability: Availability };
}
