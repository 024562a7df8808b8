// HubSpot through @hubspot/api-client with a private-app token: messages are Communications (channel SMS)
// associated to the contact (type 81) and its company (type 87), owned by the agent's HubSpot owner (matched
// by email); contacts are found by phone/mobilephone.
// https://developers.hubspot.com/docs/guides/api/crm/engagements/communications, https://developers.hubspot.com/docs/api/crm/owners
import { Client } from "@hubspot/api-client";
import type { HubspotCredentials } from "./crm-credentials";
import { type CrmAdapter, type CrmLogEntry, type CrmMatch, failureFromStatus } from "./crm-adapter";

const CONTACT_PROPERTIES = ["firstname", "lastname", "company", "phone", "mobilephone", "hubspot_owner_id", "associatedcompanyid", "email"];

export function hubspotAdapter(apiBase: string, credentials: HubspotCredentials, state: Record<string, unknown>): CrmAdapter {
  // Retries are the CRM queue's (durable, honouring Retry-After), not the client's in-process ones.
  const client = new Client({ accessToken: credentials.accessToken, basePath: apiBase.replace(/\/$/, ""), numberOfApiCallRetries: 0 });
  // Agent ↔ HubSpot owner by email (owners API), asked once per email for this adapter's life. A failed
  // lookup (no crm.objects.owners.read scope, HubSpot down) logs the text without an owner rather than not at all.
  const owners = new Map<string, Promise<string | null>>();
  const ownerOf = (email: string) => {
    let owner = owners.get(email);
    if (!owner) {
      owner = client.crm.owners.ownersApi.getPage(email, undefined, 1, false).then(
        (page) => page.results.find((o) => o.email?.toLowerCase() === email.toLowerCase())?.id ?? null,
        () => null,
      );
      owners.set(email, owner);
    }
    return owner;
  };
  // Record owner → their email (owners API by id), for rules that assign to the record's owner; same caching.
  const ownerEmails = new Map<string, Promise<string | null>>();
  const ownerEmailOf = (id: string) => {
    let email = ownerEmails.get(id);
    if (!email) {
      email = client.crm.owners.ownersApi.getById(Number(id), "id", false).then(
        (o) => o.email?.toLowerCase() ?? null,
        () => null,
      );
      ownerEmails.set(id, email);
    }
    return email;
  };
  const properties = async (entry: CrmLogEntry) => {
    const ownerId = entry.agentEmail ? await ownerOf(entry.agentEmail) : null;
    return {
      hs_communication_channel_type: "SMS",
      hs_communication_logged_from: "CRM",
      hs_communication_body: entry.body,
      hs_timestamp: entry.occurredAt,
      ...(ownerId ? { hubspot_owner_id: ownerId } : {}),
    };
  };

  return {
    async connect() {
      const res = await call(() => client.apiRequest({ method: "GET", path: "/account-info/v3/details" }));
      if (!res.ok) throw failureFromStatus("HubSpot", res.status, ((await res.json().catch(() => ({}))) as { message?: string }).message ?? res.statusText);
      const details = (await res.json()) as { portalId?: number };
      return { portalId: details.portalId ?? null };
    },
    async findPerson(numbers, mapped) {
      const wanted = [...new Set([...CONTACT_PROPERTIES, ...mapped])];
      const filterGroups = numbers.flatMap((value) =>
        ["phone", "mobilephone"].map((propertyName) => ({ filters: [{ propertyName, operator: "EQ" as never, value }] })),
      );
      // HubSpot takes at most 5 filter groups per search: ask in slices, first match wins.
      for (let i = 0; i < filterGroups.length; i += 5) {
        const found = await call(() =>
          client.crm.contacts.searchApi.doSearch({
            filterGroups: filterGroups.slice(i, i + 5),
            properties: wanted,
            limit: 1,
            sorts: [],
            after: undefined as never,
          }),
        );
        const hit = found.results[0];
        if (!hit) continue;
        const match = toMatch(hit.id, hit.properties, state.portalId);
        return match.ownerId && /^\d+$/.test(match.ownerId) ? { ...match, ownerEmail: await ownerEmailOf(match.ownerId) } : match;
      }
      return null;
    },
    async createLog(entry) {
      const associations = [{ to: { id: entry.person.crmId }, types: [{ associationCategory: "HUBSPOT_DEFINED" as never, associationTypeId: 81 }] }];
      if (entry.person.companyId)
        associations.push({ to: { id: entry.person.companyId }, types: [{ associationCategory: "HUBSPOT_DEFINED" as never, associationTypeId: 87 }] });
      const props = await properties(entry);
      const created = await call(() => client.crm.objects.communications.basicApi.create({ properties: props, associations }));
      return created.id;
    },
    async updateLog(recordId, entry) {
      const props = await properties(entry);
      await call(() => client.crm.objects.communications.basicApi.update(recordId, { properties: props }));
    },
  };
}

function toMatch(id: string, p: Record<string, string | null>, portalId: unknown): CrmMatch {
  const name = [p.firstname, p.lastname].filter(Boolean).join(" ").trim() || null;
  const properties = Object.fromEntries(Object.entries(p).filter((e): e is [string, string] => typeof e[1] === "string"));
  return {
    crmType: "contact",
    crmId: id,
    name,
    company: p.company ?? null,
    companyId: p.associatedcompanyid ?? null,
    ownerId: p.hubspot_owner_id ?? null,
    url: `https://app.hubspot.com/contacts/${portalId ?? 0}/record/0-1/${id}`,
    properties,
  };
}

async function call<T>(request: () => Promise<T>): Promise<T> {
  try {
    return await request();
  } catch (err) {
    const e = err as { code?: number; body?: unknown; headers?: Record<string, string>; message?: string };
    const body = typeof e.body === "string" ? safeJson(e.body) : e.body;
    const message = (body as { message?: string } | undefined)?.message ?? e.message ?? String(err);
    throw failureFromStatus("HubSpot", typeof e.code === "number" && e.code > 0 ? e.code : undefined, message, e.headers?.["retry-after"]);
  }
}

const safeJson = (text: string) => {
  try {
    return JSON.parse(text);
  } catch {
    return { message: text };
  }
};
