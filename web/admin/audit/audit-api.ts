// The console's calls for the audit trail (web/admin/audit), over admin-api's `call`: the trail's pages, export
// jobs and the message-body retention setting. Download links come back relative to the server; they are made
// absolute here so a plain link saves the file (the link's signature stands in for the sign-in).
import type { z } from "zod";
import { AuditExportResponse, AuditPage, MessageRetentionResponse, type AuditExportRequest, type MessageRetentionPut } from "../../../src/protocol/audit";
import { LocationsResponse } from "../../../src/protocol/locations";

type Call = <S extends z.ZodType>(method: "get" | "post" | "put", path: string, schema: S, json?: unknown) => Promise<z.infer<S>>;

/** The view's filters, as the query string takes them (empty strings left out). */
export type AuditFilters = { actorId?: string; locationId?: string; type?: string; from?: string; to?: string };

const query = (params: Record<string, string | undefined>) => {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) q.set(k, v);
  return q.toString();
};

export function auditCalls(call: Call, baseUrl: string) {
  const absolute = (url: string) => new URL(url, `${baseUrl.replace(/\/+$/, "")}/`).toString();
  const withLinks = (r: z.infer<typeof AuditExportResponse>) => ({ ...r.export, links: r.export.links.map((l) => ({ ...l, url: absolute(l.url) })) });
  return {
    auditPage: (filters: AuditFilters, cursor: string | null) =>
      call("get", `v1/audit?${query({ ...filters, cursor: cursor ?? undefined, limit: "50" })}`, AuditPage),
    startAuditExport: async (request: Partial<AuditExportRequest>) => withLinks(await call("post", "v1/audit/exports", AuditExportResponse, request)),
    auditExport: async (id: string) => withLinks(await call("get", `v1/audit/exports/${encodeURIComponent(id)}`, AuditExportResponse)),
    retention: async () => (await call("get", "v1/audit/retention", MessageRetentionResponse)).retention,
    changeRetention: async (put: MessageRetentionPut) => (await call("put", "v1/audit/retention", MessageRetentionResponse, put)).retention,
    // Not `locations`: the organisation section (web/admin/locations) has its own call of that name.
    auditLocations: async () => (await call("get", "v1/locations", LocationsResponse)).locations,
  };
}
