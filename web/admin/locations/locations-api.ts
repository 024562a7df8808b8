// The console's calls for the organisation (issue 18): regions, locations, staff roles, brand templates and
// rule packs (web/admin/locations, web/admin/brand, web/admin/packs), over admin-api's `call`.
import { z } from "zod";
import {
  BrandTemplateResponse,
  BrandTemplatesResponse,
  LocationBrandTemplate,
  LocationBrandTemplatesResponse,
  LocationPackRule,
  LocationPackRulesResponse,
  LocationsResponse,
  Region,
  type RulePackBody,
  RulePackResponse,
  RulePacksResponse,
  StaffRolesResponse,
  type StaffRole,
} from "../../../src/protocol/locations";
import { InboxResponse } from "../../../src/protocol/api";

type Call = <S extends z.ZodType>(method: "get" | "post" | "put" | "patch", path: string, schema: S, json?: unknown) => Promise<z.infer<S>>;
const LocationRow = z.object({ location: z.object({ id: z.string(), name: z.string(), regionId: z.string().nullable() }) });

export type BrandSlot = { name: string; label: string; default: string };
type RulePackInput = z.input<typeof RulePackBody>;
type BrandTemplateInput = { name: string; body: string; slots: BrandSlot[]; locationIds: string[] | null };
export type HqBrandTemplate = z.infer<typeof BrandTemplatesResponse>["brandTemplates"][number];
export type LocationCopy = z.infer<typeof LocationBrandTemplate>;
export type LocationRule = z.infer<typeof LocationPackRule>;

const at = (id: string) => encodeURIComponent(id);

export function organisationCalls(call: Call) {
  return {
    locations: () => call("get", "v1/locations", LocationsResponse),
    createRegion: async (name: string) => (await call("post", "v1/regions", z.object({ region: Region }), { name })).region,
    createLocation: async (input: { name: string; regionId: string | null }) => (await call("post", "v1/locations", LocationRow, input)).location,
    changeLocation: async (id: string, changes: { name?: string; regionId?: string | null }) =>
      (await call("patch", `v1/locations/${at(id)}`, LocationRow, changes)).location,
    moveInbox: async (inboxId: string, locationId: string) => (await call("patch", `v1/inboxes/${at(inboxId)}`, InboxResponse, { locationId })).inbox,
    staffRoles: async (userId: string) => (await call("get", `v1/users/${at(userId)}/staff-roles`, StaffRolesResponse)).roles,
    setStaffRoles: async (userId: string, roles: StaffRole[]) => (await call("put", `v1/users/${at(userId)}/staff-roles`, StaffRolesResponse, { roles })).roles,

    brandTemplates: async () => (await call("get", "v1/brand-templates", BrandTemplatesResponse)).brandTemplates,
    createBrandTemplate: async (input: BrandTemplateInput) => (await call("post", "v1/brand-templates", BrandTemplateResponse, input)).brandTemplate,
    changeBrandTemplate: async (id: string, input: Partial<BrandTemplateInput>) =>
      (await call("patch", `v1/brand-templates/${at(id)}`, BrandTemplateResponse, input)).brandTemplate,
    locationBrandTemplates: async (locationId: string) =>
      (await call("get", `v1/locations/${at(locationId)}/brand-templates`, LocationBrandTemplatesResponse)).brandTemplates,
    fillSlots: async (locationId: string, brandTemplateId: string, slots: Record<string, string>) =>
      (
        await call("patch", `v1/locations/${at(locationId)}/brand-templates/${at(brandTemplateId)}`, z.object({ brandTemplate: LocationBrandTemplate }), {
          slots,
        })
      ).brandTemplate,

    rulePacks: async () => (await call("get", "v1/rule-packs", RulePacksResponse)).rulePacks,
    createRulePack: async (input: RulePackInput) => (await call("post", "v1/rule-packs", RulePackResponse, input)).rulePack,
    changeRulePack: async (id: string, input: RulePackInput) => (await call("patch", `v1/rule-packs/${at(id)}`, RulePackResponse, input)).rulePack,
    locationPackRules: async (locationId: string) => (await call("get", `v1/locations/${at(locationId)}/rule-packs`, LocationPackRulesResponse)).rules,
    switchPackRule: async (locationId: string, ruleId: string, enabled: boolean) =>
      (await call("patch", `v1/locations/${at(locationId)}/rule-packs/${at(ruleId)}`, z.object({ rule: LocationPackRule }), { enabled })).rule,
  };
}
