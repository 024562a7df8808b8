// A strict fake HubSpot for the CRM adapter tests, modelled on HubSpot's public documentation (its OpenAPI
// files are not licensed for redistribution; see ../shared/fixtures/hubspot/SOURCE.md):
// - Communications: https://developers.hubspot.com/docs/guides/api/crm/engagements/communications
//   (POST /crm/v3/objects/communications, PATCH …/{id}; hs_communication_channel_type, _logged_from, _body,
//   hs_timestamp; inline associations, HUBSPOT_DEFINED type 81 → contact, 87 → company)
// - Batch create: https://developers.hubspot.com/docs/api-reference/legacy/crm/objects/communications/batch/create-communications
//   (POST /crm/v3/objects/communications/batch/create {inputs: [{properties, associations, objectWriteTraceId}]},
//   at most 100 inputs (https://developers.hubspot.com/docs/api/usage-details); one invalid input refuses the whole
//   batch; 201 {status: COMPLETE, results, startedAt, completedAt}, each result echoing its input's
//   objectWriteTraceId, in no promised order — this fake answers them in reverse so a client cannot lean on it)
// - Communications search: POST /crm/v3/objects/communications/search, the search page's shape, with the
//   associations.contact pseudo-property (https://developers.hubspot.com/docs/api/crm/search)
// - Search: https://developers.hubspot.com/docs/api/crm/search (filterGroups ≤ 5, filters {propertyName,
//   operator, value}, properties, limit ≤ 200, after; results {total, results, paging.next.after})
// - Owners: https://developers.hubspot.com/docs/api/crm/owners (GET /crm/v3/owners/{ownerId}; GET /crm/v3/owners/ with email, after,
//   limit ≤ 500, archived; results [{id, email, firstName, lastName, userId, type, archived, createdAt, updatedAt}])
// - Errors and limits: https://developers.hubspot.com/docs/api/usage-details ({status, message,
//   correlationId, category}; 429 with Retry-After)
// Anything else (path, method, missing or mistyped property, unknown association) is refused with 400/404.
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { startFakeServer, type FakeReply, type FakeServer } from "./fake-server";

export interface FakeHubspotContact {
  id: string;
  properties: Record<string, string>;
}
export interface FakeHubspotOwner {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
}
export interface FakeHubspot extends FakeServer {
  token: string;
  /** HubSpot users records can be owned by (the owners API). */
  owners: FakeHubspotOwner[];
  portalId: number;
  contacts: FakeHubspotContact[];
  companies: Set<string>;
  communications: Map<string, { properties: Record<string, string>; associations: Array<{ id: string; typeId: number }> }>;
}

const error = (status: number, message: string, category: string): FakeReply => ({
  status,
  body: { status: "error", message, correlationId: randomUUID(), category },
});

const Filter = z.strictObject({
  propertyName: z.string().min(1),
  operator: z.enum([
    "EQ",
    "NEQ",
    "LT",
    "LTE",
    "GT",
    "GTE",
    "BETWEEN",
    "IN",
    "NOT_IN",
    "HAS_PROPERTY",
    "NOT_HAS_PROPERTY",
    "CONTAINS_TOKEN",
    "NOT_CONTAINS_TOKEN",
  ]),
  value: z.string().optional(),
  values: z.array(z.string()).optional(),
  highValue: z.string().optional(),
});
const SearchBody = z.strictObject({
  filterGroups: z.array(z.strictObject({ filters: z.array(Filter).min(1).max(6) })).max(5),
  properties: z.array(z.string()).optional(),
  limit: z.number().int().min(1).max(200).optional(),
  after: z.union([z.string(), z.number()]).optional(),
  sorts: z.array(z.unknown()).optional(),
  query: z.string().optional(),
});
const channels = ["SMS", "WHATS_APP", "LINKEDIN_MESSAGE", "PHYSICAL_MAIL", "CUSTOM_CHANNEL_CONVERSATION"] as const;
const CommunicationProperties = z
  .object({
    hs_communication_channel_type: z.enum(channels),
    hs_communication_logged_from: z.literal("CRM"),
    hs_communication_body: z.string().max(65536),
    hs_timestamp: z.union([z.iso.datetime({ offset: true }), z.string().regex(/^\d{13}$/)]),
    hubspot_owner_id: z.string().regex(/^\d+$/).optional(),
  })
  .catchall(z.string());
const Association = z.strictObject({
  to: z.strictObject({ id: z.string().min(1) }),
  types: z
    .array(z.strictObject({ associationCategory: z.enum(["HUBSPOT_DEFINED", "USER_DEFINED", "INTEGRATOR_DEFINED"]), associationTypeId: z.number().int() }))
    .min(1),
});
const OwnersQuery = z.strictObject({
  email: z.email().optional(),
  after: z.string().regex(/^\d+$/).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
  archived: z.enum(["true", "false"]).optional(),
});
const OwnerByIdQuery = z.strictObject({ idProperty: z.enum(["id", "userId"]).optional(), archived: z.enum(["true", "false"]).optional() });
const CreateBody = z.strictObject({ properties: CommunicationProperties, associations: z.array(Association).optional() });
const BatchCreateBody = z.strictObject({
  inputs: z
    .array(z.strictObject({ properties: CommunicationProperties, associations: z.array(Association).optional(), objectWriteTraceId: z.string().optional() }))
    .min(1)
    .max(100),
});
const UpdateBody = z.strictObject({ properties: CommunicationProperties.partial() });

export async function startFakeHubspot(token = "pat-na1-test-token-0001"): Promise<FakeHubspot> {
  const contacts: FakeHubspotContact[] = [];
  const companies = new Set<string>();
  const communications: FakeHubspot["communications"] = new Map();
  const owners: FakeHubspotOwner[] = [];
  const portalId = 4400123;
  let nextId = 1000;
  const invalid = (issues: z.ZodError) =>
    error(400, `Invalid input JSON: ${issues.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`, "VALIDATION_ERROR");

  const linksOf = (associations: z.infer<typeof Association>[] | undefined) =>
    (associations ?? []).flatMap((a) => a.types.map((t) => ({ id: a.to.id, typeId: t.associationTypeId })));
  const badLink = (links: Array<{ id: string; typeId: number }>) => {
    for (const a of links) {
      const known = a.typeId === 81 ? contacts.some((c) => c.id === a.id) : a.typeId === 87 ? companies.has(a.id) : false;
      if (!known) return error(400, `Association ${a.typeId} to ${a.id} is not valid: no such object or association type`, "VALIDATION_ERROR");
    }
    return null;
  };

  const server = await startFakeServer((req) => {
    if (req.headers.authorization !== `Bearer ${token}`)
      return error(401, "Authentication credentials not found. This API supports OAuth 2.0 authentication.", "INVALID_AUTHENTICATION");
    const comm = req.path.match(/^\/crm\/v3\/objects\/communications(?:\/([^/]+))?$/);
    if (req.method === "GET" && req.path === "/account-info/v3/details")
      return { status: 200, body: { portalId, timeZone: "US/Eastern", companyCurrency: "USD", uiDomain: "app.hubspot.com", dataHostingLocation: "na1" } };
    if (req.method === "GET" && (req.path === "/crm/v3/owners/" || req.path === "/crm/v3/owners")) {
      const parsed = OwnersQuery.safeParse(Object.fromEntries(req.query));
      if (!parsed.success) return invalid(parsed.error);
      const { email, after = "0", limit = 100 } = parsed.data;
      const matches = owners.filter((o) => !email || o.email.toLowerCase() === email.toLowerCase());
      const start = Number(after);
      const page = matches.slice(start, start + limit).map((o, i) => ({
        ...o,
        userId: 9000 + i,
        type: "PERSON",
        archived: false,
        createdAt: "2026-01-05T10:00:00.000Z",
        updatedAt: "2026-11-30T10:00:00.000Z",
      }));
      return { status: 200, body: { results: page, ...(start + limit < matches.length ? { paging: { next: { after: String(start + limit) } } } : {}) } };
    }
    const ownerById = req.path.match(/^\/crm\/v3\/owners\/(\d+)$/);
    if (req.method === "GET" && ownerById) {
      // GET /crm/v3/owners/{ownerId}?idProperty=id&archived=false: one owner, or 404.
      const parsed = OwnerByIdQuery.safeParse(Object.fromEntries(req.query));
      if (!parsed.success) return invalid(parsed.error);
      const owner = owners.find((o) => o.id === ownerById[1]);
      if (!owner) return error(404, `Owner ${ownerById[1]} does not exist`, "OBJECT_NOT_FOUND");
      return {
        status: 200,
        body: { ...owner, userId: 9000, type: "PERSON", archived: false, createdAt: "2026-01-05T10:00:00.000Z", updatedAt: "2026-11-30T10:00:00.000Z" },
      };
    }
    if (req.method === "POST" && req.path === "/crm/v3/objects/contacts/search") {
      const parsed = SearchBody.safeParse(req.body);
      if (!parsed.success) return invalid(parsed.error);
      const { filterGroups, limit = 10, after = 0, properties = ["firstname", "lastname", "email"] } = parsed.data;
      // Filter groups are ORed, filters within a group ANDed; EQ compares the stored value as it is.
      const matches = contacts.filter((c) =>
        filterGroups.some((g) =>
          g.filters.every((f) => f.operator === "EQ" && (c.properties[f.propertyName] ?? "").toLowerCase() === (f.value ?? "").toLowerCase()),
        ),
      );
      const start = Number(after);
      const page = matches.slice(start, start + limit);
      return {
        status: 200,
        body: {
          total: matches.length,
          results: page.map((c) => ({
            id: c.id,
            properties: Object.fromEntries(properties.map((p) => [p, c.properties[p] ?? null])),
            createdAt: "2026-01-05T10:00:00.000Z",
            updatedAt: "2026-11-30T10:00:00.000Z",
            archived: false,
          })),
          ...(start + limit < matches.length ? { paging: { next: { after: String(start + limit) } } } : {}),
        },
      };
    }
    if (req.method === "POST" && req.path === "/crm/v3/objects/communications/batch/create") {
      const parsed = BatchCreateBody.safeParse(req.body);
      if (!parsed.success) return invalid(parsed.error);
      const inputs = parsed.data.inputs.map((i) => ({ ...i, links: linksOf(i.associations) }));
      const refused = inputs.map((i) => badLink(i.links)).find(Boolean);
      if (refused) return refused;
      const startedAt = new Date().toISOString();
      const results = inputs.map((i) => {
        const id = String(nextId++);
        communications.set(id, { properties: i.properties as Record<string, string>, associations: i.links });
        const at = new Date().toISOString();
        return {
          id,
          properties: i.properties,
          createdAt: at,
          updatedAt: at,
          archived: false,
          ...(i.objectWriteTraceId ? { objectWriteTraceId: i.objectWriteTraceId } : {}),
        };
      });
      return { status: 201, body: { status: "COMPLETE", results: results.reverse(), startedAt, completedAt: new Date().toISOString() } };
    }
    if (req.method === "POST" && req.path === "/crm/v3/objects/communications/search") {
      const parsed = SearchBody.safeParse(req.body);
      if (!parsed.success) return invalid(parsed.error);
      const { filterGroups, limit = 10, properties = ["hs_communication_body"] } = parsed.data;
      const value = (c: { properties: Record<string, string>; associations: Array<{ id: string; typeId: number }> }, name: string, wanted: string) => {
        if (name === "associations.contact") return c.associations.some((a) => a.typeId === 81 && a.id === wanted);
        const have = c.properties[name] ?? "";
        // Datetimes compare as instants (HubSpot takes epoch milliseconds in filters).
        return name === "hs_timestamp" ? Date.parse(have) === Number(wanted) || have === wanted : have.toLowerCase() === wanted.toLowerCase();
      };
      const matches = [...communications].filter(([, c]) =>
        filterGroups.some((g) => g.filters.every((f) => f.operator === "EQ" && value(c, f.propertyName, f.value ?? ""))),
      );
      return {
        status: 200,
        body: {
          total: matches.length,
          results: matches.slice(0, limit).map(([id, c]) => ({
            id,
            properties: Object.fromEntries(properties.map((p) => [p, c.properties[p] ?? null])),
            createdAt: "2026-01-05T10:00:00.000Z",
            updatedAt: "2026-11-30T10:00:00.000Z",
            archived: false,
          })),
        },
      };
    }
    if (comm && req.method === "POST" && !comm[1]) {
      const parsed = CreateBody.safeParse(req.body);
      if (!parsed.success) return invalid(parsed.error);
      const associations = linksOf(parsed.data.associations);
      const refused = badLink(associations);
      if (refused) return refused;
      const id = String(nextId++);
      communications.set(id, { properties: parsed.data.properties as Record<string, string>, associations });
      return {
        status: 201,
        body: { id, properties: parsed.data.properties, createdAt: new Date().toISOString(), updatedAt: new Date().toISOString(), archived: false },
      };
    }
    if (comm?.[1] && req.method === "PATCH") {
      const found = communications.get(comm[1]);
      if (!found) return error(404, `Object ${comm[1]} not found`, "OBJECT_NOT_FOUND");
      const parsed = UpdateBody.safeParse(req.body);
      if (!parsed.success) return invalid(parsed.error);
      Object.assign(found.properties, parsed.data.properties);
      return { status: 200, body: { id: comm[1], properties: found.properties, updatedAt: new Date().toISOString(), archived: false } };
    }
    return error(404, `No route for ${req.method} ${req.path}`, "OBJECT_NOT_FOUND");
  });
  return Object.assign(server, { token, portalId, owners, contacts, companies, communications });
}
