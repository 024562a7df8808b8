// The admin console's calls to the Inbox API, over ky like src/api/client.ts. Answers are checked against the
// protocol's schemas; a failure throws an AdminApiError carrying the server's own sentence, which react-query
// hands to the screen that asked (it says what went wrong and what to do).
import ky from "ky";
import { z } from "zod";
import { errorFromException, errorFromResponse, fail } from "../../src/api/errors";
import { ManagedInboxesResponse, TeammateResponse, TeammatesResponse } from "../../src/protocol/admin";
import { InboxResponse, MediaResponse, TemplateResponse, TemplatesResponse } from "../../src/protocol/api";
import { UserResponse } from "../../src/protocol/account";
import type { User } from "../../src/protocol/entities";
import { AcceptInviteResponse, CreatedInviteResponse, InvitesResponse } from "../../src/protocol/invites";
import { WorkspaceSettingsResponse, type WorkspaceSettings } from "../../src/protocol/workspace";
import { CrmConnectionResponse, CrmConnectionsResponse, type CrmConnectionBody } from "../../src/protocol/crm";
import {
  AiConfigResponse,
  AiConnectionTest,
  LocationBrandVoiceResponse,
  LocationBrandVoicesResponse,
  type AiConfigPatch,
  type LocationBrandVoicePatch,
} from "../../src/protocol/ai";
import { integrationCalls } from "./integrations-api";
import { auditCalls } from "./audit/audit-api";
import { organisationCalls } from "./locations/locations-api";
import { DryRunResponse, RuleResponse, RuleRunsResponse, RulesResponse, type RuleInput } from "../../src/protocol/automations";

class AdminApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

export interface AdminApiOptions {
  baseUrl: string;
  token?: string | null;
  fetch?: typeof fetch;
}

type Method = "get" | "post" | "put" | "patch" | "delete";
const Empty = z.unknown();

export type NewInboxInput = {
  name: string;
  phoneNumber: string;
  carrier: "simulator" | "twilio" | "telnyx";
  credentials?: Record<string, string>;
  helpText?: string;
};
export type TemplateInput = { name: string; body: string; inboxId: string | null; shortcut: string | null; mediaIds?: string[] };

export function createAdminApi(options: AdminApiOptions) {
  const http = ky.create({
    prefixUrl: options.baseUrl.replace(/\/+$/, ""),
    headers: options.token ? { authorization: `Bearer ${options.token}` } : {},
    retry: 0, // the screens offer "Try again"; a repeated create is the admin's choice
    timeout: 20_000,
    throwHttpErrors: false,
    fetch: options.fetch,
  });

  async function call<S extends z.ZodType>(method: Method, path: string, schema: S, json?: unknown): Promise<z.infer<S>> {
    let status = 0;
    let body: unknown;
    try {
      // A file goes as multipart (ky sets its boundary); everything else as JSON.
      const res = await http(path, json instanceof FormData ? { method, body: json } : { method, json });
      status = res.status;
      const text = await res.text();
      body = text ? JSON.parse(text) : null;
    } catch (err) {
      const { error } = status ? fail("invalid_response", `The server answered ${status} with something that is not JSON.`, status) : errorFromException(err);
      throw new AdminApiError(error.code, error.message, error.status);
    }
    if (status < 200 || status >= 300) {
      const { error } = errorFromResponse(status, body);
      throw new AdminApiError(error.code, error.message, status);
    }
    const parsed = schema.safeParse(body);
    if (!parsed.success) throw new AdminApiError("invalid_response", `Unexpected answer from ${path}: ${parsed.error.issues[0]?.message}`, status);
    return parsed.data;
  }

  const user = (id: string) => `v1/users/${encodeURIComponent(id)}`;
  const inbox = (id: string) => `v1/inboxes/${encodeURIComponent(id)}`;
  const template = (id: string) => `v1/templates/${encodeURIComponent(id)}`;
  return {
    teammates: async () => (await call("get", "v1/admin/users", TeammatesResponse)).users,
    changeRole: async (id: string, role: User["role"]) => (await call("patch", user(id), UserResponse, { role })).user,
    setDeactivated: async (id: string, deactivated: boolean) =>
      (await call("post", `${user(id)}/${deactivated ? "deactivate" : "reactivate"}`, TeammateResponse)).user,
    unlock: async (id: string) => (await call("post", `${user(id)}/unlock`, TeammateResponse)).user,

    signOut: async () => void (await call("post", "v1/auth/logout", Empty)),
    invites: async () => (await call("get", "v1/invites", InvitesResponse)).invites,
    createInvite: (email: string, role: User["role"]) => call("post", "v1/invites", CreatedInviteResponse, { email, role }),
    revokeInvite: async (id: string) => void (await call("delete", `v1/invites/${encodeURIComponent(id)}`, Empty)),
    acceptInvite: (token: string, name: string, password: string) =>
      call("post", `v1/invites/${encodeURIComponent(token)}/accept`, AcceptInviteResponse, { name, password }),

    inboxes: async () => (await call("get", "v1/admin/inboxes", ManagedInboxesResponse)).inboxes,
    createInbox: async (input: NewInboxInput) => (await call("post", "v1/inboxes", InboxResponse, input)).inbox,
    updateInbox: async (id: string, changes: Partial<Omit<NewInboxInput, "carrier">>) => (await call("patch", inbox(id), InboxResponse, changes)).inbox,
    setMember: async (inboxId: string, userId: string, member: boolean) =>
      (await call(member ? "put" : "delete", `${inbox(inboxId)}/members/${encodeURIComponent(userId)}`, InboxResponse)).inbox,

    templates: async () => (await call("get", "v1/templates", TemplatesResponse)).templates,
    createTemplate: async (input: TemplateInput) => (await call("post", "v1/templates", TemplateResponse, input)).template,
    updateTemplate: async (id: string, input: Partial<TemplateInput>) => (await call("patch", template(id), TemplateResponse, input)).template,
    deleteTemplate: async (id: string) => void (await call("delete", template(id), Empty)),

    uploadMedia: (file: File) => {
      const form = new FormData();
      form.append("file", file, file.name);
      return call("post", "v1/media", MediaResponse, form);
    },

    settings: async () => (await call("get", "v1/workspace/settings", WorkspaceSettingsResponse)).settings,
    changeSettings: async (changes: Partial<Omit<WorkspaceSettings, "id" | "updatedAt">>) =>
      (await call("patch", "v1/workspace/settings", WorkspaceSettingsResponse, changes)).settings,

    crmConnections: async () => (await call("get", "v1/integrations/crm", CrmConnectionsResponse)).connections,
    connectCrm: async (input: Partial<CrmConnectionBody> & Pick<CrmConnectionBody, "provider" | "credentials">) =>
      (await call("post", "v1/integrations/crm", CrmConnectionResponse, input)).connection,
    disconnectCrm: async (id: string) => void (await call("delete", `v1/integrations/crm/${encodeURIComponent(id)}`, Empty)),

    aiConfig: async () => (await call("get", "v1/admin/ai", AiConfigResponse)).config,
    changeAiConfig: async (patch: AiConfigPatch) => (await call("patch", "v1/admin/ai", AiConfigResponse, patch)).config,
    testAi: () => call("post", "v1/admin/ai/test", AiConnectionTest),
    brandVoices: () => call("get", "v1/admin/ai/brand-voices", LocationBrandVoicesResponse),
    changeBrandVoice: async (locationId: string, patch: LocationBrandVoicePatch) =>
      (await call("patch", `v1/admin/ai/brand-voices/${encodeURIComponent(locationId)}`, LocationBrandVoiceResponse, patch)).voice,

    // Automation rules (issue 17; web/admin/rules).
    rules: async () => (await call("get", "v1/automations/rules", RulesResponse)).rules,
    createRule: async (input: RuleInput) => (await call("post", "v1/automations/rules", RuleResponse, input)).rule,
    updateRule: async (id: string, input: Partial<RuleInput>) =>
      (await call("patch", `v1/automations/rules/${encodeURIComponent(id)}`, RuleResponse, input)).rule,
    deleteRule: async (id: string) => void (await call("delete", `v1/automations/rules/${encodeURIComponent(id)}`, Empty)),
    ruleRuns: async (id: string) => (await call("get", `v1/automations/rules/${encodeURIComponent(id)}/runs`, RuleRunsResponse)).runs,
    dryRunRule: async (input: RuleInput) => (await call("post", "v1/automations/rules/dry-run", DryRunResponse, input)).dryRun,
    // Webhooks and API keys (issue 16; web/admin/webhooks, web/admin/api-keys).
    ...integrationCalls(call, Empty),
    // The audit trail and message retention (issue 18; web/admin/audit).
    ...auditCalls(call, options.baseUrl),
    // Regions, locations, staff roles, brand templates, rule packs (issue 18; web/admin/locations, brand, packs).
    ...organisationCalls(call),
  };
}
export type AdminApi = ReturnType<typeof createAdminApi>;
