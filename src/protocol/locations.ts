// The organisation's wire contract (issue 18): regions, locations, scoped roles, conversation transfer,
// brand templates and rule packs.
import { z } from "zod";
import { Conversation, isoTime } from "./entities";

const id = z.string().min(1).max(100);
const name = z.string().trim().min(1).max(100);

export const Region = z.object({ id: z.string(), name: z.string(), createdAt: isoTime });
export const Location = z.object({
  id: z.string(),
  name: z.string(),
  regionId: z.string().nullable(),
  /** The inboxes of the location that the signed-in user sees. */
  inboxIds: z.array(z.string()),
  /** Whether the signed-in user administers it. */
  administered: z.boolean(),
  createdAt: isoTime,
});
export type Location = z.infer<typeof Location>;
export const LocationsResponse = z.object({ organisation: z.object({ name: z.string() }), regions: z.array(Region), locations: z.array(Location) });
export type LocationsResponse = z.infer<typeof LocationsResponse>;

export const RegionBody = z.strictObject({ name });
export const LocationBody = z.strictObject({ name, regionId: id.nullable().optional() });
export const LocationPatchBody = LocationBody.partial().refine((b) => Object.keys(b).length > 0, "give at least one field");

export const StaffRole = z.discriminatedUnion("role", [
  z.strictObject({ role: z.literal("regional_manager"), regionId: id }),
  z.strictObject({ role: z.literal("location_admin"), locationId: id }),
]);
export type StaffRole = z.infer<typeof StaffRole>;
export const StaffRolesBody = z.strictObject({ roles: z.array(StaffRole).max(100) });
export const StaffRolesResponse = z.object({ roles: z.array(StaffRole) });

/** Any inbox a conversation may be transferred to, with its location: every location's inboxes. */
export const TransferTarget = z.object({
  inboxId: z.string(),
  inboxName: z.string(),
  phoneNumber: z.string(),
  locationId: z.string(),
  locationName: z.string(),
});
export type TransferTarget = z.infer<typeof TransferTarget>;
export const TransferTargetsResponse = z.object({ targets: z.array(TransferTarget) });
export const TransferBody = z.strictObject({ inboxId: id });
export const TransferResponse = z.object({
  conversation: Conversation,
  /** Set when replies now come from another number than the customer texted before. */
  warning: z.string().nullable(),
});
