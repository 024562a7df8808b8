/** react-query keys of the organisation's lists, shared by the Locations, Brand and Rule packs sections. */
export const LOCATIONS = ["admin", "locations"] as const;
export const BRAND_TEMPLATES = ["admin", "brand-templates"] as const;
export const RULE_PACKS = ["admin", "rule-packs"] as const;
export const staffRolesKey = (userId: string) => ["admin", "staff-roles", userId] as const;
export const locationCopiesKey = (locationId: string) => ["admin", "location-brand", locationId] as const;
export const locationRulesKey = (locationId: string) => ["admin", "location-rules", locationId] as const;
