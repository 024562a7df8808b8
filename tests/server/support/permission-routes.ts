// Every registered route's place in the permission matrix (tests/server/permission-matrix.test.ts), with
// the requests that probe it using things the caller may not see. Kinds:
// - public: no sign-in (or a carrier's signature, a link's secret); not probed here;
// - self: the caller's own session or password (probing would sign them out); not probed;
// - scoped: answers only about what the caller sees: a refusal, or nothing hidden in the answer
//   (`refused`: must be refused, since every probe names a hidden thing);
// - directory: lists across locations by design (teammates, transfer targets): no hidden content;
// - organisation: organisation-wide settings: 403 for everyone but owners and admins.

export interface Hidden {
  inboxIds: string[];
  /** Ids of everything else hidden: conversations, contacts only there, messages, notes, templates, locations. */
  content: string[];
  /** The locations of none of the inboxes the caller sees. */
  locationIds: string[];
  inbox: string;
  conversation: string;
  contact: { id: string; phoneNumber: string; name: string | null };
  message: string;
  template: string;
  location: string;
  /** A teammate the caller does not manage. */
  user: string;
  /** An inbox the caller sees (to move a hidden conversation into). */
  ownInbox: string;
}

interface Spec {
  kind: "public" | "self" | "scoped" | "directory" | "organisation";
  refused?: boolean;
  paths: (h: Hidden) => string[];
  body?: (h: Hidden) => unknown;
}

const at =
  (...paths: Array<(h: Hidden) => string>) =>
  (h: Hidden) =>
    paths.map((p) => p(h));
const fixed = (path: string) => () => [path];
const none = () => [];
const pub: Spec = { kind: "public", paths: none };
const self: Spec = { kind: "self", paths: none };
const org = (path: (h: Hidden) => string, body?: (h: Hidden) => unknown): Spec => ({ kind: "organisation", paths: at(path), body });
const list = (...paths: Array<(h: Hidden) => string>): Spec => ({ kind: "scoped", paths: at(...paths) });
const refused = (path: (h: Hidden) => string, body?: (h: Hidden) => unknown): Spec => ({ kind: "scoped", refused: true, paths: at(path), body });
const probe = { body: "matrix probe", clientId: "matrix-probe" };

export const routes: Record<string, Spec> = {
  "POST /v1/auth/login": pub,
  "POST /v1/auth/logout": self,
  "GET /v1/me": list(() => "/v1/me"),
  "GET /v1/auth/sessions": list(() => "/v1/auth/sessions"),
  "DELETE /v1/auth/sessions": self,
  "DELETE /v1/auth/sessions/{id}": self,
  "POST /v1/auth/password": self,
  "POST /v1/users": { kind: "scoped", paths: none },
  "GET /v1/users": { kind: "directory", paths: fixed("/v1/users") },
  "PATCH /v1/users/{id}": refused(
    (h) => `/v1/users/${h.user}`,
    () => ({ name: "Matrix" }),
  ),
  "GET /v1/admin/users": list(() => "/v1/admin/users"),
  "POST /v1/users/{id}/deactivate": refused((h) => `/v1/users/${h.user}/deactivate`),
  "POST /v1/users/{id}/reactivate": refused((h) => `/v1/users/${h.user}/reactivate`),
  "POST /v1/users/{id}/unlock": refused((h) => `/v1/users/${h.user}/unlock`),
  "GET /v1/inboxes": list(() => "/v1/inboxes"),
  "POST /v1/inboxes": refused(
    () => "/v1/inboxes",
    (h) => ({ name: "Matrix", phoneNumber: "+14155550198", carrier: "simulator", locationId: h.location }),
  ),
  "GET /v1/inboxes/{id}": refused((h) => `/v1/inboxes/${h.inbox}`),
  "PATCH /v1/inboxes/{id}": refused(
    (h) => `/v1/inboxes/${h.inbox}`,
    () => ({ name: "Matrix" }),
  ),
  "GET /v1/admin/inboxes": list(() => "/v1/admin/inboxes"),
  "PUT /v1/inboxes/{id}/members/{userId}": refused((h) => `/v1/inboxes/${h.inbox}/members/${h.user}`),
  "DELETE /v1/inboxes/{id}/members/{userId}": refused((h) => `/v1/inboxes/${h.inbox}/members/${h.user}`),
  "GET /v1/conversations": {
    kind: "scoped",
    paths: (h) => ["/v1/conversations?limit=200", `/v1/conversations?q=${encodeURIComponent(h.contact.name ?? "x")}`],
  },
  "GET /v1/conversations/{id}": refused((h) => `/v1/conversations/${h.conversation}`),
  "PATCH /v1/conversations/{id}": refused(
    (h) => `/v1/conversations/${h.conversation}`,
    () => ({ status: "resolved" }),
  ),
  "POST /v1/conversations/{id}/read": refused((h) => `/v1/conversations/${h.conversation}/read`),
  "GET /v1/conversations/{id}/messages": refused((h) => `/v1/conversations/${h.conversation}/messages`),
  "POST /v1/conversations/{id}/messages": refused(
    (h) => `/v1/conversations/${h.conversation}/messages`,
    () => probe,
  ),
  "POST /v1/messages": refused(
    () => "/v1/messages",
    (h) => ({ inboxId: h.inbox, to: h.contact.phoneNumber, ...probe }),
  ),
  "POST /v1/conversations/{id}/notes": refused(
    (h) => `/v1/conversations/${h.conversation}/notes`,
    () => ({ body: "matrix probe" }),
  ),
  "GET /v1/templates": list(() => "/v1/templates"),
  "POST /v1/templates": refused(
    () => "/v1/templates",
    (h) => ({ name: "Matrix probe", body: "x", inboxId: h.inbox }),
  ),
  "PATCH /v1/templates/{id}": refused(
    (h) => `/v1/templates/${h.template}`,
    () => ({ name: "Matrix probe" }),
  ),
  "DELETE /v1/templates/{id}": refused((h) => `/v1/templates/${h.template}`),
  "GET /v1/lookup": list((h) => `/v1/lookup?phone=${encodeURIComponent(h.contact.phoneNumber)}`),
  "GET /v1/bootstrap": list(() => "/v1/bootstrap"),
  "GET /v1/sync": list(() => "/v1/sync?after=0&limit=1000"),
  "GET /v1/health": pub,
  "GET /v1/metrics": list(() => "/v1/metrics"),
  "GET /v1/push/key": pub,
  "POST /v1/push/subscriptions": { kind: "scoped", paths: none },
  "GET /v1/push/subscriptions": list(() => "/v1/push/subscriptions"),
  "DELETE /v1/push/subscriptions/{id}": list(() => "/v1/push/subscriptions/psub_unknown"),
  "GET /v1/push/mutes": list(() => "/v1/push/mutes"),
  "PUT /v1/push/mutes/{id}": refused((h) => `/v1/push/mutes/${h.conversation}`),
  "DELETE /v1/push/mutes/{id}": list((h) => `/v1/push/mutes/${h.conversation}`),
  "GET /v1/push/quiet-hours": list(() => "/v1/push/quiet-hours"),
  "PUT /v1/push/quiet-hours": { kind: "scoped", paths: none },
  "GET /v1/workspace/settings": list(() => "/v1/workspace/settings"),
  "PATCH /v1/workspace/settings": org(
    () => "/v1/workspace/settings",
    () => ({ defaultCountry: "GB" }),
  ),
  "POST /v1/invites": org(
    () => "/v1/invites",
    () => ({ email: "matrix@example.com", role: "agent" }),
  ),
  "GET /v1/invites": org(() => "/v1/invites"),
  "DELETE /v1/invites/{id}": org(() => "/v1/invites/inv_unknown"),
  "GET /v1/invites/{token}/preview": pub,
  "POST /v1/invites/{token}/accept": pub,
  "POST /v1/integrations/crm": org(
    () => "/v1/integrations/crm",
    () => ({ provider: "hubspot", credentials: { accessToken: "x" } }),
  ),
  "GET /v1/integrations/crm": list(() => "/v1/integrations/crm"),
  "PATCH /v1/integrations/crm/{id}": org(
    () => "/v1/integrations/crm/crm_unknown",
    () => ({ logMode: "off" }),
  ),
  "DELETE /v1/integrations/crm/{id}": org(() => "/v1/integrations/crm/crm_unknown"),
  "GET /v1/conversations/{id}/crm-log": refused((h) => `/v1/conversations/${h.conversation}/crm-log`),
  "GET /v1/messages/{id}/crm-log": refused((h) => `/v1/messages/${h.message}/crm-log`),
  "POST /v1/messages/{id}/crm-log/retry": refused((h) => `/v1/messages/${h.message}/crm-log/retry`),
  "POST /v1/contacts/{id}/crm-sync": refused((h) => `/v1/contacts/${h.contact.id}/crm-sync`),
  "POST /v1/webhooks": org(
    () => "/v1/webhooks",
    () => ({ url: "https://example.com/hook", events: ["message.created"] }),
  ),
  "GET /v1/webhooks": org(() => "/v1/webhooks"),
  "GET /v1/webhooks/{id}": org(() => "/v1/webhooks/wh_unknown"),
  "PATCH /v1/webhooks/{id}": org(
    () => "/v1/webhooks/wh_unknown",
    () => ({ enabled: false }),
  ),
  "DELETE /v1/webhooks/{id}": org(() => "/v1/webhooks/wh_unknown"),
  "POST /v1/webhooks/{id}/rotate-secret": org(() => "/v1/webhooks/wh_unknown/rotate-secret"),
  "GET /v1/webhooks/{id}/deliveries": org(() => "/v1/webhooks/wh_unknown/deliveries"),
  "POST /v1/webhooks/{id}/test": org(() => "/v1/webhooks/wh_unknown/test"),
  "POST /v1/webhooks/{id}/deliveries/{deliveryId}/replay": org(() => "/v1/webhooks/wh_unknown/deliveries/whd_unknown/replay"),
  "POST /v1/api-keys": org(
    () => "/v1/api-keys",
    () => ({ name: "Matrix", scopes: ["read"] }),
  ),
  "GET /v1/api-keys": org(() => "/v1/api-keys"),
  "DELETE /v1/api-keys/{id}": org(() => "/v1/api-keys/key_unknown"),
  "POST /v1/events": list(() => "/v1/events"),
  "GET /v1/contacts/{id}/events": refused((h) => `/v1/contacts/${h.contact.id}/events`),
  "POST /v1/hook-sources": org(
    () => "/v1/hook-sources",
    () => ({ name: "Matrix", mapping: { phone: "$.phone", type: "$.type" } }),
  ),
  "GET /v1/hook-sources": org(() => "/v1/hook-sources"),
  "DELETE /v1/hook-sources/{id}": org(() => "/v1/hook-sources/hks_unknown"),
  "POST /v1/hooks/{sourceId}/{secret}": pub,
  "PATCH /v1/contacts/{id}/tags": refused(
    (h) => `/v1/contacts/${h.contact.id}/tags`,
    () => ({ add: ["matrix"] }),
  ),
  "POST /v1/automations/rules": org(() => "/v1/automations/rules"),
  "GET /v1/automations/rules": list(() => "/v1/automations/rules"),
  "POST /v1/automations/rules/dry-run": org(
    () => "/v1/automations/rules/dry-run",
    () => ({ name: "Matrix", trigger: { type: "conversation.created" }, actions: [{ type: "addNote", body: "x" }] }),
  ),
  "PATCH /v1/automations/rules/{id}": org(
    () => "/v1/automations/rules/rule_unknown",
    () => ({ enabled: false }),
  ),
  "DELETE /v1/automations/rules/{id}": org(() => "/v1/automations/rules/rule_unknown"),
  "GET /v1/automations/rules/{id}/runs": list(() => "/v1/automations/rules/rule_unknown/runs"),
  "GET /v1/inboxes/{id}/business-hours": refused((h) => `/v1/inboxes/${h.inbox}/business-hours`),
  "PUT /v1/inboxes/{id}/business-hours": refused(
    (h) => `/v1/inboxes/${h.inbox}/business-hours`,
    () => ({ timeZone: "America/New_York", weekly: { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] }, holidays: [] }),
  ),
  "POST /v1/conversations/{id}/scheduled": refused(
    (h) => `/v1/conversations/${h.conversation}/scheduled`,
    () => ({ body: "matrix probe", sendAt: new Date(Date.now() + 86_400_000).toISOString() }),
  ),
  "GET /v1/conversations/{id}/scheduled": refused((h) => `/v1/conversations/${h.conversation}/scheduled`),
  "PATCH /v1/scheduled/{id}": list(() => "/v1/scheduled/sch_unknown"),
  "DELETE /v1/scheduled/{id}": list(() => "/v1/scheduled/sch_unknown"),
  "GET /v1/conversations/{id}/recipient": refused((h) => `/v1/conversations/${h.conversation}/recipient`),
  "GET /v1/quiet-hours": list(() => "/v1/quiet-hours"),
  "GET /v1/me/availability": self,
  "PATCH /v1/me/availability": self,
  "PUT /v1/quiet-hours": org(
    () => "/v1/quiet-hours",
    () => ({ enabled: false }),
  ),
  "GET /v1/analytics/definitions": list(() => "/v1/analytics/definitions"),
  "GET /v1/analytics/breakdown": list(
    () => "/v1/analytics/breakdown?by=location",
    () => "/v1/analytics/breakdown?by=inbox",
  ),
  "GET /v1/analytics/breakdown.csv": list(() => "/v1/analytics/breakdown.csv?by=inbox"),
  "GET /v1/analytics/rollup": list(() => "/v1/analytics/rollup"),
  "GET /v1/analytics/rollup.csv": list(() => "/v1/analytics/rollup.csv"),
  "POST /v1/analytics/rebuild": org(() => "/v1/analytics/rebuild"),
  "GET /v1/audit": org(() => "/v1/audit"),
  "POST /v1/audit/exports": org(
    () => "/v1/audit/exports",
    () => ({ from: "2020-01-01T00:00:00.000Z", to: "2030-01-01T00:00:00.000Z" }),
  ),
  "GET /v1/audit/exports/{id}": org(() => "/v1/audit/exports/exp_unknown"),
  // A signed link (GET /v1/audit/exports/{id} gives them to owners and admins); the signature is checked first.
  "GET /v1/audit/exports/{id}/files/{name}": pub,
  "GET /v1/audit/retention": org(() => "/v1/audit/retention"),
  "PUT /v1/audit/retention": org(
    () => "/v1/audit/retention",
    () => ({ mode: "redact", days: 1 }),
  ),
  "GET /v1/inboxes/{id}/sla": refused((h) => `/v1/inboxes/${h.inbox}/sla`),
  "PUT /v1/inboxes/{id}/sla": refused(
    (h) => `/v1/inboxes/${h.inbox}/sla`,
    () => ({ firstResponseMinutes: 10, replyMinutes: 30, businessHours: false }),
  ),
  "GET /v1/sla/waits": list(() => "/v1/sla/waits"),
  "GET /v1/locations": list(() => "/v1/locations"),
  "POST /v1/locations": org(
    () => "/v1/locations",
    () => ({ name: "Matrix" }),
  ),
  "POST /v1/regions": org(
    () => "/v1/regions",
    () => ({ name: "Matrix" }),
  ),
  "PATCH /v1/locations/{id}": org(
    (h) => `/v1/locations/${h.location}`,
    () => ({ name: "Matrix" }),
  ),
  "GET /v1/users/{id}/staff-roles": org((h) => `/v1/users/${h.user}/staff-roles`),
  "PUT /v1/users/{id}/staff-roles": org(
    (h) => `/v1/users/${h.user}/staff-roles`,
    () => ({ roles: [] }),
  ),
  "GET /v1/brand-templates": org(() => "/v1/brand-templates"),
  "POST /v1/brand-templates": org(
    () => "/v1/brand-templates",
    () => ({ name: "Matrix", body: "x", slots: [] }),
  ),
  "PATCH /v1/brand-templates/{id}": org(
    () => "/v1/brand-templates/brt_unknown",
    () => ({ name: "Matrix" }),
  ),
  "GET /v1/locations/{id}/brand-templates": refused((h) => `/v1/locations/${h.location}/brand-templates`),
  "PATCH /v1/locations/{id}/brand-templates/{brandTemplateId}": refused(
    (h) => `/v1/locations/${h.location}/brand-templates/brt_unknown`,
    () => ({ slots: { signoff: "x" } }),
  ),
  "GET /v1/rule-packs": org(() => "/v1/rule-packs"),
  "POST /v1/rule-packs": org(
    () => "/v1/rule-packs",
    () => ({ name: "Matrix", rules: [] }),
  ),
  "PATCH /v1/rule-packs/{id}": org(
    () => "/v1/rule-packs/pack_unknown",
    () => ({ name: "Matrix" }),
  ),
  "GET /v1/locations/{id}/rule-packs": refused((h) => `/v1/locations/${h.location}/rule-packs`),
  "PATCH /v1/locations/{id}/rule-packs/{ruleId}": refused(
    (h) => `/v1/locations/${h.location}/rule-packs/rule_unknown`,
    () => ({ enabled: false }),
  ),
  "GET /v1/transfer-targets": { kind: "directory", paths: fixed("/v1/transfer-targets") },
  "POST /v1/conversations/{id}/transfer": refused(
    (h) => `/v1/conversations/${h.conversation}/transfer`,
    (h) => ({ inboxId: h.ownInbox }),
  ),
  "GET /v1/ai/status": list(() => "/v1/ai/status"),
  "PATCH /v1/ai/preferences": { kind: "scoped", paths: none },
  "POST /v1/ai/rewrite": list(() => "/v1/ai/rewrite"),
  "GET /v1/ai/conversations/{conversationId}/languages": refused((h) => `/v1/ai/conversations/${h.conversation}/languages`),
  "POST /v1/ai/translate": list(() => "/v1/ai/translate"),
  "POST /v1/ai/translate-draft": list(() => "/v1/ai/translate-draft"),
  "GET /v1/admin/ai": org(() => "/v1/admin/ai"),
  "PATCH /v1/admin/ai": org(
    () => "/v1/admin/ai",
    () => ({ enabled: false }),
  ),
  "GET /v1/admin/ai/brand-voices": list(() => "/v1/admin/ai/brand-voices"),
  "PATCH /v1/admin/ai/brand-voices/{locationId}": refused(
    (h) => `/v1/admin/ai/brand-voices/${h.location}`,
    () => ({ brandVoice: "matrix probe" }),
  ),
  "POST /v1/admin/ai/test": org(() => "/v1/admin/ai/test"),
  "POST /v1/simulator/inbound": refused(
    () => "/v1/simulator/inbound",
    (h) => ({ inboxId: h.inbox, from: "+14155550197", body: "matrix probe" }),
  ),
  "POST /webhooks/twilio/{inboxId}": pub,
  "POST /webhooks/telnyx/{inboxId}": pub,
  "POST /v1/media": { kind: "scoped", paths: none },
  "GET /v1/media/{id}": list(() => "/v1/media/med_unknown"),
  "GET /media/{id}": pub,
};
