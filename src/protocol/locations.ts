// The organisation's wire contract (issue 18): regions, locations, scoped roles, conversation transfer,
// brand templates and rule packs.
import { z } from "zod";
import { RuleBody } from "./automations";
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

/** A slot HQ lets locations fill: `{{name}}` in the body, e.g. `{{location.hours}}` or `{{signoff}}`. */
const slotName = z.string().regex(/^[a-z][a-zA-Z0-9_]*(\.[a-zA-Z0-9_]+)*$/, "letters, digits, _ and dots, like location.hours");
const slotValue = z
  .string()
  .max(500)
  .refine((v) => !v.includes("{{") && !v.includes("}}"), "a slot's text cannot contain {{ or }}");
const BrandSlot = z.strictObject({ name: slotName, label: z.string().trim().min(1).max(100), default: slotValue });
export const BrandTemplateBody = z.strictObject({
  name,
  body: z.string().min(1).max(1600),
  slots: z.array(BrandSlot).max(20),
  shortcut: z.string().trim().min(1).max(30).nullable().optional(),
  /** The locations it is pushed to; null or absent: every location. */
  locationIds: z.array(id).max(1000).nullable().optional(),
});
export const BrandTemplatePatchBody = BrandTemplateBody.partial().refine((b) => Object.keys(b).length > 0, "give at least one field");
export const BrandSlotValuesBody = z.strictObject({ slots: z.record(slotName, slotValue) });

export const BrandTemplate = z.object({
  id: z.string(),
  name: z.string(),
  body: z.string(),
  slots: z.array(BrandSlot),
  shortcut: z.string().nullable(),
  locationIds: z.array(z.string()).nullable(),
  version: z.number().int(),
  createdAt: isoTime,
  updatedAt: isoTime,
});
export type BrandTemplate = z.infer<typeof BrandTemplate>;
/** HQ's view of one location's copy: what it filled in, and which slots differ from HQ's defaults. */
const BrandCopy = z.object({
  locationId: z.string(),
  locationName: z.string(),
  slotValues: z.record(z.string(), z.string()),
  changedSlots: z.array(z.string()),
  updatedAt: isoTime,
});
export const BrandTemplatesResponse = z.object({ brandTemplates: z.array(BrandTemplate.extend({ copies: z.array(BrandCopy) })) });
export const BrandTemplateResponse = z.object({ brandTemplate: BrandTemplate.extend({ copies: z.array(BrandCopy) }) });
/** A location's copy: HQ's text with the location's slots filled, and each editable slot's value. */
export const LocationBrandTemplate = z.object({
  brandTemplateId: z.string(),
  name: z.string(),
  body: z.string(),
  rendered: z.string(),
  version: z.number().int(),
  slots: z.array(BrandSlot.extend({ value: z.string(), changed: z.boolean() })),
});
export const LocationBrandTemplatesResponse = z.object({ brandTemplates: z.array(LocationBrandTemplate) });

/** One rule of a pack: an automation rule (match all) HQ pushes to each location, restricted to its inboxes. */
const PackRule = z.strictObject({
  key: z.string().regex(/^[a-z0-9-]{1,40}$/, "lowercase letters, digits and dashes"),
  /** A locked rule's text cannot be changed by the location. */
  locked: z.boolean().default(true),
  /** Whether a location may switch it off. */
  mayTurnOff: z.boolean().default(false),
  rule: RuleBody,
});
export const RulePackBody = z.strictObject({
  name,
  rules: z.array(PackRule).min(1).max(50),
  locationIds: z.array(id).max(1000).nullable().optional(),
});
export const RulePackPatchBody = RulePackBody.partial().refine((b) => Object.keys(b).length > 0, "give at least one field");
/** How one location's rule compares with what HQ pushed. */
const PackRuleState = z.object({
  key: z.string(),
  locationId: z.string(),
  locationName: z.string(),
  ruleId: z.string().nullable(),
  version: z.number().int(),
  enabled: z.boolean(),
  /** in_sync; turned_off (by the location, as allowed); edited (differs from what was pushed); missing (deleted). */
  drift: z.enum(["in_sync", "turned_off", "edited", "missing"]),
});
export const RulePack = z.object({
  id: z.string(),
  name: z.string(),
  version: z.number().int(),
  rules: z.array(PackRule),
  locationIds: z.array(z.string()).nullable(),
  createdAt: isoTime,
  updatedAt: isoTime,
  states: z.array(PackRuleState),
});
export type RulePack = z.infer<typeof RulePack>;
export const RulePacksResponse = z.object({ rulePacks: z.array(RulePack) });
export const RulePackResponse = z.object({ rulePack: RulePack });
export const LocationPackRule = z.object({
  ruleId: z.string(),
  packId: z.string(),
  packName: z.string(),
  key: z.string(),
  name: z.string(),
  locked: z.boolean(),
  mayTurnOff: z.boolean(),
  enabled: z.boolean(),
  version: z.number().int(),
});
export const LocationPackRulesResponse = z.object({ rules: z.array(LocationPackRule) });
export const LocationPackRulePatch = z.strictObject({ enabled: z.boolean() });
