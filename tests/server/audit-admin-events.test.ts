// Issue 18, audit trail: administrative changes are on the trail — inbox settings and members, locations,
// regions and staff roles, automation rules and business hours, webhooks, API keys, CRM connections, AI
// settings and invites — each with its actor and what changed (old → new), written in the change's own
// transaction; a refused change writes nothing; no secret is ever stored; no client's feed or stream gets them.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { integrationCommands } from "../../server/integrations/integrations-cli";
import { startFakeHubspot, type FakeHubspot } from "../support/fakes/hubspot";
import { startServer, waitFor, type TestServer } from "../support/server";
import { organisation, type Organisation, type Who } from "./support/organisation";
import { openStream } from "./support/stream-client";
import { startReceiver, type Receiver } from "./support/webhook-receiver";
import { headSeq } from "./support/workspace";

let s: TestServer;
let o: Organisation;
let hub: FakeHubspot;
let receiver: Receiver;
let startSeq: number;
/** Every secret handed to or made by the server in this file: none may be in a stored event. */
const secrets: string[] = [];
const accountSid = `AC${"7a1c3e5b9d0f2468".repeat(2)}`;
const authToken = "4b6d8f0a2c4e6a8b0d2f4a6c8e0b2d4f";

beforeAll(async () => {
  process.env.SIDETEXT_EXPORT_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "sidetext-audit-admin-"));
  hub = await startFakeHubspot("pat-na1-audit-secret-7777");
  receiver = await startReceiver();
  s = await startServer();
  o = await organisation(s);
  startSeq = await headSeq(s);
  secrets.push(accountSid, authToken, hub.token);
});
afterAll(async () => {
  await s?.close();
  await receiver?.close();
  await hub?.close();
});

const as = (who: Who, method: string, url: string, json?: unknown) => s.call(method, url, { token: o.token[who], json });
const ok = async (who: Who, method: string, url: string, json?: unknown) => {
  const res = await as(who, method, url, json);
  expect(res.status, `${method} ${url}: ${JSON.stringify(res.body)}`).toBeLessThan(300);
  return res.body;
};
type Change = { field: string; from?: unknown; to?: unknown; note?: string };
type Row = { type: string; actor: { id: string; name: string } | null; target: { kind: string; id: string; label: string }; changes: Change[] | null };
/** The newest trail row of `type` about `id`. */
const rowOf = async (type: string, id?: string): Promise<Row> => {
  const page = await ok("admin", "GET", `/v1/audit?type=${type}&limit=200`);
  const row = (page.rows as Row[]).find((r) => id === undefined || r.target.id === id);
  expect(row, `a ${type} row${id ? ` about ${id}` : ""}`).toBeDefined();
  return row!;
};
const adminEvents = async () =>
  s.app.ctx.database.db.selectFrom("event").select(["type", "data"]).where("type", "like", "audit.%").where("type", "<>", "audit.exported").execute();

describe("administrative changes on the audit trail", () => {
  it("an inbox: created (credentials only 'set'), renamed old → new, credentials 'replaced', a member added and removed", async () => {
    const created = await ok("admin", "POST", "/v1/inboxes", {
      name: "Front desk",
      phoneNumber: "+14155550191",
      carrier: "twilio",
      credentials: { accountSid, authToken },
    });
    const id = created.inbox.id;
    const made = await rowOf("audit.inbox.created", id);
    expect(made.actor?.id).toBe(o.userId.admin);
    expect(made.target).toMatchObject({ kind: "setting", label: "Inbox “Front desk”" });
    expect(made.changes).toContainEqual({ field: "name", to: "Front desk" });
    expect(made.changes).toContainEqual({ field: "credentials", note: "set" });

    await ok("admin", "PATCH", `/v1/inboxes/${id}`, { name: "Front office", credentials: { accountSid, authToken: `${authToken.slice(0, -4)}9999` } });
    secrets.push(`${authToken.slice(0, -4)}9999`);
    const changed = await rowOf("audit.inbox.updated", id);
    expect(changed.changes).toEqual([
      { field: "name", from: "Front desk", to: "Front office" },
      { field: "credentials", note: "replaced" },
    ]);

    await ok("admin", "PUT", `/v1/inboxes/${id}/members/${o.userId.carl}`);
    expect((await rowOf("audit.member.added", o.userId.carl)).changes).toEqual([{ field: "member", to: expect.stringMatching(/\S/) }]);
    await ok("otto", "DELETE", `/v1/inboxes/${id}/members/${o.userId.carl}`);
    const removed = await rowOf("audit.member.removed", o.userId.carl);
    expect(removed.actor?.id).toBe(o.userId.otto);
    expect(removed.target.label).toBe("Inbox “Front office”");
  });

  it("a PATCH with the same values is no change and writes no row", async () => {
    const before = (await adminEvents()).length;
    await ok("admin", "PATCH", `/v1/inboxes/${o.inbox.main}`, { name: "Main line" });
    expect((await adminEvents()).length).toBe(before);
  });

  it("regions, locations and staff roles", async () => {
    const region = (await ok("admin", "POST", "/v1/regions", { name: "North" })).region;
    expect((await rowOf("audit.region.created", region.id)).changes).toEqual([{ field: "name", to: "North" }]);
    const location = (await ok("admin", "POST", "/v1/locations", { name: "Harbour", regionId: region.id })).location;
    expect((await rowOf("audit.location.created", location.id)).changes).toContainEqual({ field: "name", to: "Harbour" });
    await ok("admin", "PATCH", `/v1/locations/${location.id}`, { name: "Harbourside" });
    expect((await rowOf("audit.location.updated", location.id)).changes).toEqual([{ field: "name", from: "Harbour", to: "Harbourside" }]);
    await ok("admin", "PUT", `/v1/users/${o.userId.uma}/staff-roles`, { roles: [{ role: "location_admin", locationId: location.id }] });
    const roles = await rowOf("audit.staff_roles.updated", o.userId.uma);
    expect(roles.changes).toEqual([{ field: "roles", from: [], to: [{ role: "location_admin", locationId: location.id }] }]);
  });

  it("automation rules (created, switched off, deleted) and business hours", async () => {
    const rule = (
      await ok("admin", "POST", "/v1/automations/rules", { name: "Tag VIPs", trigger: { type: "message.inbound" }, actions: [{ type: "addTag", tag: "vip" }] })
    ).rule;
    expect((await rowOf("audit.rule.created", rule.id)).changes).toContainEqual({ field: "name", to: "Tag VIPs" });
    await ok("admin", "PATCH", `/v1/automations/rules/${rule.id}`, { enabled: false });
    expect((await rowOf("audit.rule.updated", rule.id)).changes).toEqual([{ field: "enabled", from: true, to: false }]);
    await ok("admin", "DELETE", `/v1/automations/rules/${rule.id}`);
    expect((await rowOf("audit.rule.deleted", rule.id)).target.label).toBe("Rule “Tag VIPs”");
    const open = [{ from: "09:00", to: "17:00" }];
    const hours = { timeZone: "America/New_York", weekly: { mon: open, tue: open, wed: open, thu: open, fri: open, sat: [], sun: [] } };
    await ok("admin", "PUT", `/v1/inboxes/${o.inbox.main}/business-hours`, hours);
    expect((await rowOf("audit.business_hours.updated", o.inbox.main)).changes?.[0]).toMatchObject({ field: "hours", to: hours });
  });

  it("an HQ rule pack: created, a new version, and a location admin switching off a rule it may", async () => {
    const rule = { name: "Tag thanks", trigger: { type: "message.inbound" }, actions: [{ type: "addTag", tag: "thanks" }] };
    const pack = (
      await ok("otto", "POST", "/v1/rule-packs", { name: "HQ basics", rules: [{ key: "thanks", locked: true, mayTurnOff: true, rule }], locationIds: null })
    ).rulePack;
    expect((await rowOf("audit.rule_pack.created", pack.id)).changes).toContainEqual({ field: "name", to: "HQ basics" });
    await ok("otto", "PATCH", `/v1/rule-packs/${pack.id}`, { name: "HQ essentials" });
    expect((await rowOf("audit.rule_pack.updated", pack.id)).changes).toEqual([
      { field: "name", from: "HQ basics", to: "HQ essentials" },
      { field: "version", from: 1, to: 2 },
    ]);
    const [copy] = (await ok("ari", "GET", `/v1/locations/${o.location.airport}/rule-packs`)).rules;
    await ok("ari", "PATCH", `/v1/locations/${o.location.airport}/rule-packs/${copy.ruleId}`, { enabled: false });
    const off = await rowOf("audit.rule.updated", copy.ruleId);
    expect(off.actor?.id).toBe(o.userId.ari);
    expect(off.changes).toEqual([{ field: "enabled", from: true, to: false }]);
  });

  it("webhooks: the signing secret only 'set' and 'rotated', a receiver's token in the URL left out", async () => {
    const created = await ok("admin", "POST", "/v1/webhooks", { url: `${receiver.url}?token=hook-url-secret-31`, eventTypes: ["message.created"] });
    secrets.push(created.secret, "hook-url-secret-31");
    const id = created.endpoint.id;
    const made = await rowOf("audit.webhook.created", id);
    expect(made.changes).toContainEqual({ field: "secret", note: "set" });
    expect(made.changes).toContainEqual({ field: "url", to: `${new URL(receiver.url).origin}${new URL(receiver.url).pathname}?…` });
    secrets.push((await ok("admin", "POST", `/v1/webhooks/${id}/rotate-secret`)).secret);
    expect((await rowOf("audit.webhook.updated", id)).changes).toEqual([{ field: "secret", note: "rotated" }]);
    await ok("admin", "PATCH", `/v1/webhooks/${id}`, { description: "Billing" });
    expect((await rowOf("audit.webhook.updated", id)).changes).toEqual([{ field: "description", from: "", to: "Billing" }]);
    await ok("admin", "DELETE", `/v1/webhooks/${id}`);
    await rowOf("audit.webhook.deleted", id);
  });

  it("API keys: created with name and scopes (the key only 'set'), revoked", async () => {
    const created = await ok("admin", "POST", "/v1/api-keys", { name: "Zapier", scopes: ["messages:send"] });
    secrets.push(created.key);
    const made = await rowOf("audit.api_key.created", created.apiKey.id);
    expect(made.changes).toEqual([
      { field: "name", to: "Zapier" },
      { field: "scopes", to: ["messages:send"] },
      { field: "key", note: "set" },
    ]);
    await ok("admin", "DELETE", `/v1/api-keys/${created.apiKey.id}`);
    expect((await rowOf("audit.api_key.revoked", created.apiKey.id)).actor?.id).toBe(o.userId.admin);
  });

  it("catch hooks: the URL's secret only 'set', then 'removed'; an inbox's SLA target old → new", async () => {
    const mapping = { type: "lead.created", phone: "$.phone" };
    const made = await ok("admin", "POST", "/v1/hook-sources", { name: "Calendly", mapping });
    secrets.push(made.url.split("/").at(-1));
    expect((await rowOf("audit.hook_source.created", made.source.id)).changes).toEqual([
      { field: "name", to: "Calendly" },
      { field: "mapping", to: mapping },
      { field: "url", note: "set" },
    ]);
    await ok("admin", "DELETE", `/v1/hook-sources/${made.source.id}`);
    expect((await rowOf("audit.hook_source.deleted", made.source.id)).changes).toEqual([{ field: "url", note: "removed" }]);
    await ok("lars", "PUT", `/v1/inboxes/${o.inbox.main}/sla`, { firstResponseMinutes: 15, replyMinutes: null });
    await ok("lars", "PUT", `/v1/inboxes/${o.inbox.main}/sla`, { firstResponseMinutes: 10, replyMinutes: null });
    const sla = await rowOf("audit.sla.updated", o.inbox.main);
    expect(sla.actor?.id).toBe(o.userId.lars);
    expect(sla.changes).toEqual([{ field: "firstResponseMinutes", from: 15, to: 10 }]);
  });

  it("a key revoked from the CLI (api-key:revoke) is on the trail too, with no actor", async () => {
    const created = await ok("admin", "POST", "/v1/api-keys", { name: "Old sync", scopes: ["read"] });
    secrets.push(created.key);
    await integrationCommands["api-key:revoke"](s.app.ctx, { id: created.apiKey.id });
    const revoked = await rowOf("audit.api_key.revoked", created.apiKey.id);
    expect(revoked.actor).toBeNull();
    expect(revoked.changes).toEqual([{ field: "key", note: "removed" }]);
  });

  it("a CRM connection: connected (credentials 'set'), relabelled, token 'replaced', disconnected", async () => {
    const conn = (await ok("admin", "POST", "/v1/integrations/crm", { provider: "hubspot", apiBase: hub.url, credentials: { accessToken: hub.token } }))
      .connection;
    expect((await rowOf("audit.crm.connected", conn.id)).changes).toContainEqual({ field: "credentials", note: "set" });
    await ok("admin", "PATCH", `/v1/integrations/crm/${conn.id}`, { label: "Sales HubSpot", credentials: { accessToken: hub.token } });
    expect((await rowOf("audit.crm.updated", conn.id)).changes).toEqual([
      { field: "label", from: "HubSpot", to: "Sales HubSpot" },
      { field: "credentials", note: "replaced" },
    ]);
    await ok("admin", "DELETE", `/v1/integrations/crm/${conn.id}`);
    await rowOf("audit.crm.disconnected", conn.id);
  });

  it("AI settings (the key only 'set' then 'replaced') and a location's brand voice", async () => {
    secrets.push("sk-audit-first-key-0001", "sk-audit-second-key-0002");
    await ok("admin", "PATCH", "/v1/admin/ai", { baseUrl: "http://127.0.0.1:9/v1", model: "small-model", apiKey: "sk-audit-first-key-0001" });
    const first = await rowOf("audit.ai_settings.updated", "ai");
    expect(first.changes).toContainEqual({ field: "model", from: null, to: "small-model" });
    expect(first.changes).toContainEqual({ field: "apiKey", note: "set" });
    await ok("admin", "PATCH", "/v1/admin/ai", { apiKey: "sk-audit-second-key-0002", dailyRequestLimit: 50 });
    expect((await rowOf("audit.ai_settings.updated", "ai")).changes).toEqual([
      { field: "dailyRequestLimit", from: 2000, to: 50 },
      { field: "apiKey", note: "replaced" },
    ]);
    await ok("admin", "PATCH", `/v1/admin/ai/brand-voices/${o.location.uptown}`, { brandVoice: "Warm and brief" });
    expect((await rowOf("audit.ai_settings.updated", `ai:${o.location.uptown}`)).changes).toEqual([{ field: "brandVoice", from: "", to: "Warm and brief" }]);
  });

  it("invites: created with email and role (the link only 'set'), revoked", async () => {
    const created = await ok("admin", "POST", "/v1/invites", { email: "new.hire@demo.test", role: "agent" });
    secrets.push(created.token);
    const made = await rowOf("audit.invite.created", created.invite.id);
    expect(made.changes).toContainEqual({ field: "email", to: "new.hire@demo.test" });
    expect(made.changes).toContainEqual({ field: "link", note: "set" });
    await ok("admin", "DELETE", `/v1/invites/${created.invite.id}`);
    await rowOf("audit.invite.revoked", created.invite.id);
  });

  it("an export's CSV carries the changes as JSON, its JSON Lines the event's data", async () => {
    const from = new Date(Date.now() - 3600_000).toISOString();
    const started = await ok("admin", "POST", "/v1/audit/exports", { from, to: new Date().toISOString(), types: ["audit.api_key.created"] });
    const done = await waitFor("the export", async () => {
      const exp = (await ok("admin", "GET", `/v1/audit/exports/${started.export.id}`)).export;
      return exp.status === "done" ? exp : null;
    });
    const file = async (name: string) => (await fetch(s.url + done.links.find((l: { name: string }) => l.name === name).url)).text();
    const [header, ...lines] = (await file("audit.csv")).trim().split("\r\n");
    expect(header.split(",").at(-1)).toBe("changes");
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line).toContain('""field"":""key"",""note"":""set""');
    const json = (await file("audit.jsonl"))
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(json.map((r) => r.data.changes)).toContainEqual(
      expect.arrayContaining([
        { field: "key", note: "set" },
        { field: "name", to: "Zapier" },
      ]),
    );
  });

  it("the web view's type filter takes three-part types", async () => {
    const page = await ok("admin", "GET", "/v1/audit?type=audit.invite.created,audit.invite.revoked");
    expect(new Set(page.rows.map((r: Row) => r.type))).toEqual(new Set(["audit.invite.created", "audit.invite.revoked"]));
  });
});

describe("what the trail never holds", () => {
  it("a refused change (403, 400, 404, 409) writes no row", async () => {
    const before = await adminEvents();
    const uptownNumber = (await s.app.ctx.database.db.selectFrom("inbox").select("phoneNumber").where("id", "=", o.inbox.uptown).executeTakeFirstOrThrow())
      .phoneNumber;
    const refused = [
      await as("carl", "PATCH", `/v1/inboxes/${o.inbox.main}`, { name: "Carl's line" }),
      await as("carl", "POST", "/v1/api-keys", { name: "Mine", scopes: ["read"] }),
      await as("lars", "POST", "/v1/regions", { name: "Lars land" }),
      await as("admin", "PATCH", `/v1/inboxes/${o.inbox.main}`, { phoneNumber: "not a number" }),
      // Refused inside the transaction (the number is another inbox's): neither the rename nor a record is kept.
      await as("admin", "PATCH", `/v1/inboxes/${o.inbox.main}`, { name: "Renamed", phoneNumber: uptownNumber }),
      await as("admin", "POST", "/v1/automations/rules", {
        name: "Bad",
        trigger: { type: "message.inbound" },
        actions: [{ type: "sendTemplate", templateId: "tpl_none" }],
      }),
      await as("admin", "PATCH", "/v1/admin/ai", { baseUrl: "https://models.example/v1", model: "" }),
      await as("admin", "DELETE", "/v1/webhooks/whe_unknown"),
      await as("admin", "POST", "/v1/integrations/crm", { provider: "hubspot", apiBase: hub.url, credentials: { accessToken: "pat-wrong-token" } }),
    ];
    expect(refused.map((r) => r.status)).toEqual([403, 403, 403, 400, 409, 400, 400, 404, 400]);
    expect(await adminEvents()).toEqual(before);
    expect((await ok("admin", "GET", `/v1/inboxes/${o.inbox.main}`)).inbox.name).toBe("Main line");
  });

  it("no secret given to or made by the server is in any stored event", async () => {
    const stored = (await s.app.ctx.database.db.selectFrom("event").select("data").execute()).map((e) => e.data).join("\n");
    expect(secrets.length).toBeGreaterThanOrEqual(10);
    for (const secret of secrets) expect(stored, "a secret in the event table").not.toContain(secret);
    expect((await adminEvents()).length).toBeGreaterThanOrEqual(25);
  });

  it("no client's sync feed or stream carries them, not an agent's and not an owner's", async () => {
    const carl = await openStream(s, o.token.carl, startSeq);
    const admin = await openStream(s, o.token.admin, startSeq);
    try {
      await ok("admin", "PATCH", `/v1/inboxes/${o.inbox.main}`, { helpText: "Main line: reply and we answer" });
      expect((await rowOf("audit.inbox.updated", o.inbox.main)).changes).toEqual([
        { field: "helpText", from: expect.any(String), to: "Main line: reply and we answer" },
      ]);
      // A later client-visible event on the same streams: once it arrives, the administrative ones would have too.
      await ok("admin", "PATCH", "/v1/workspace/settings", { helpText: "After the admin changes" });
      for (const conn of [carl, admin]) {
        await waitFor("the later event", () => conn.events().some((e) => e.type === "workspace.updated"));
        expect(conn.events().filter((e) => e.type.startsWith("audit."))).toEqual([]);
      }
      for (const who of ["carl", "admin"] as const) {
        const feed = await as(who, "GET", `/v1/sync?after=${startSeq}&limit=1000`);
        const types: string[] = feed.body.events.map((e: { type: string }) => e.type);
        expect(types).toContain("workspace.updated");
        expect(types.filter((t) => t.startsWith("audit."))).toEqual([]);
      }
    } finally {
      await carl.close();
      await admin.close();
    }
  });
});
