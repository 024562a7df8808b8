// HubSpot through @hubspot/api-client with a private-app token: messages are Communications (channel SMS)
// associated to the contact (type 81) and its company (type 87), owned by the agent's HubSpot owner (matched
// by email); contacts are found by phone/mobilephone. Many texts go in one batch create (≤ 100 inputs, each
// with an objectWriteTraceId that its result echoes: HubSpot does not promise results in input order).
// https://developers.hubspot.com/docs/guides/api/crm/engagements/communications, https://developers.hubspot.com/docs/api/crm/owners,
// https://developers.hubspot.com/docs/api-reference/legacy/crm/objects/communications/batch/create-communications,
// https://developers.hubspot.com/docs/api/crm/search (associations.{objectType} pseudo-property)
import { Client } from "@hubspot/api-client";
import type { HubspotCredentials } from "./crm-credentials";
import { type CrmAdapter, type CrmLogEntry, type CrmMatch, failureFromStatus } from "./crm-adapter";

const CONTACT_PROPERTIES = ["firstname", "lastname", "company", "phone", "mobilephone", "hubspot_owner_id", "associatedcompanyid", "email"];

export function hubspotAdapter(apiBase: string, credentials: HubspotCredentials, state: Record<string, unknown>): CrmAdapter {
  // Retries are the CRM queue's (durable, honouring Retry-After), not the client's in-process ones.
  const client = new Client({ accessToken: credentials.accessToken, basePath: apiBase.replace(/\/$/, ""), numberOfApiCallRetries: 0 });
  // Agent ↔ HubSpot owner by email (owners API), and a record owner → their email (by id), for rules that
  // assign to the record's owner. The adapter lives as long as its connection (crm-adapters.ts), so what was
  // found is kept 10 minutes; an answer without a match is not kept (an owner added in HubSpot counts at once),
  // and a failed lookup (no crm.objects.owners.read scope, HubSpot down) 1 minute: the text is logged without
  // an owner rather than not at all.
  const ownerOf = remembered((email: string) =>
    client.crm.owners.ownersApi
      .getPage(email, undefined, 1, false)
      .then((page) => page.results.find((o) => o.email?.toLowerCase() === email.toLowerCase())?.id ?? null),
  );
  const ownerEmailOf = remembered((id: string) => client.crm.owners.ownersApi.getById(Number(id), "id", false).then((o) => o.email?.toLowerCase() ?? null));
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

  const input = async (entry: CrmLogEntry) => {
    const associations = [{ to: { id: entry.person.crmId }, types: [{ associationCategory: "HUBSPOT_DEFINED" as never, associationTypeId: 81 }] }];
    if (entry.person.companyId)
      associations.push({ to: { id: entry.person.companyId }, types: [{ associationCategory: "HUBSPOT_DEFINED" as never, associationTypeId: 87 }] });
    return { properties: await properties(entry), associations };
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
      const created = await call(async () => client.crm.objects.communications.basicApi.create(await input(entry)));
      return created.id;
    },
    async createLogs(entries) {
      const inputs = await Promise.all(entries.map(async ({ key, entry }) => ({ ...(await input(entry)), objectWriteTraceId: key })));
      const created = await call(() => client.crm.objects.communications.batchApi.create({ inputs }));
      return new Map(created.results.flatMap((r) => (r.objectWriteTraceId ? [[r.objectWriteTraceId, r.id] as const] : [])));
    },
    async findLog(entry) {
      // The Communication on this contact at this very timestamp whose text (after the status line) is this one's.
      const found = await call(() =>
        client.crm.objects.communications.searchApi.doSearch({
          filterGroups: [
            {
              filters: [
                { propertyName: "associations.contact", operator: "EQ" as never, value: entry.person.crmId },
                { propertyName: "hs_timestamp", operator: "EQ" as never, value: String(Date.parse(entry.occurredAt)) },
              ],
            },
          ],
          properties: ["hs_communication_body"],
          limit: 10,
          sorts: [],
          after: undefined as never,
        }),
      );
      // The status line above the text changes with delivery; the text below it does not.
      const text = (body: string | null | undefined) => (body ?? "").split("\n\n").slice(1).join("\n\n") || body;
      return found.results.find((r) => text(r.properties.hs_communication_body) === text(entry.body))?.id ?? null;
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

const FOUND_MS = 600_000;
const FAILED_MS = 60_000;

/** A lookup whose answers are kept as described above (by key; null when none or failed). */
function remembered(look: (key: string) => Promise<string | null>): (key: string) => Promise<string | null> {
  const kept = new Map<string, { until: number; value: Promise<string | null> }>();
  return (key) => {
    const hit = kept.get(key);
    if (hit && hit.until > Date.now()) return hit.value;
    const value = look(key).then(
      (found) => {
        if (found) kept.set(key, { until: Date.now() + FOUND_MS, value });
        else kept.delete(key);
        return found;
      },
      () => {
        kept.set(key, { until: Date.now() + FAILED_MS, value });
        return null;
      },
    );
    // Asked again while the first lookup is out: the same answer, not a second request.
    kept.set(key, { until: Number.POSITIVE_INFINITY, value });
    return value;
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
