// Issue 18: HQ pushes automation rules to locations as a versioned pack. Each location runs its own copy on
// its inboxes; a location cannot change a locked rule but may switch one off if HQ allows; HQ sees drift.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, waitFor, type TestServer } from "../support/server";
import { organisation, type Organisation, type Who } from "./support/organisation";

let s: TestServer;
let o: Organisation;
let packId: string;
beforeAll(async () => {
  s = await startServer();
  o = await organisation(s);
});
afterAll(() => s.close());

const as = (who: Who, method: string, path: string, json?: unknown) => s.call(method, path, { token: o.token[who], json });
const welcome = { name: "Welcome note", trigger: { type: "conversation.created" }, actions: [{ type: "addNote", body: "HQ: greet within 5 minutes" }] };
const resolveThanks = { name: "Tag thanks", trigger: { type: "message.inbound", first: false }, actions: [{ type: "addNote", body: "HQ: thanks seen" }] };
const pack = {
  name: "HQ basics",
  rules: [
    { key: "welcome", locked: true, mayTurnOff: false, rule: welcome },
    { key: "thanks", locked: true, mayTurnOff: true, rule: resolveThanks },
  ],
  locationIds: null,
};
type State = { key: string; locationName: string; drift: string; version: number };
const drift = async () =>
  ((await as("admin", "GET", "/v1/rule-packs")).body.rulePacks[0].states as State[]).map((x) => `${x.locationName}/${x.key}: ${x.drift} v${x.version}`);

describe("rule packs", () => {
  it("HQ pushes a pack: every location gets its rules, each on its own inboxes only", async () => {
    const res = await as("otto", "POST", "/v1/rule-packs", pack);
    expect(res.status).toBe(201);
    packId = res.body.rulePack.id;
    expect(await drift()).toEqual([
      "Airport/welcome: in_sync v1",
      "Airport/thanks: in_sync v1",
      "Downtown/welcome: in_sync v1",
      "Downtown/thanks: in_sync v1",
      "Uptown/welcome: in_sync v1",
      "Uptown/thanks: in_sync v1",
    ]);
    const rules = (await as("admin", "GET", "/v1/automations/rules")).body.rules as Array<{
      name: string;
      conditions: Array<{ type: string; inboxIds?: string[] }>;
    }>;
    const airport = rules.find((r) => r.name === "Welcome note (Airport)")!;
    expect(airport.conditions[0]).toEqual({ type: "inbox", inboxIds: [o.inbox.airport] });
  });

  it("the engine runs a location's copy on its inboxes: a new Airport conversation gets the note once", { timeout: 60_000 }, async () => {
    const res = await as("admin", "POST", "/v1/simulator/inbound", { inboxId: o.inbox.airport, from: "+16505550166", body: "Hello airport" });
    expect(res.status).toBe(201);
    const conversationId = res.body.conversation?.id ?? res.body.message?.conversationId;
    const notes = async () =>
      JSON.stringify((await as("ari", "GET", `/v1/conversations/${conversationId}/messages`)).body).split("HQ: greet within 5 minutes").length - 1;
    // The engine first reads the feed up to this text (the demo's month of history included).
    await waitFor("the welcome note", async () => (await notes()) >= 1, 40_000);
    expect(await notes()).toBe(1);
  });

  it("a location admin may switch off the rule HQ allows, not the other; HQ sees it as turned off", async () => {
    const mine = (await as("ari", "GET", `/v1/locations/${o.location.airport}/rule-packs`)).body.rules as Array<{ ruleId: string; key: string }>;
    expect(mine.map((r) => r.key).sort()).toEqual(["thanks", "welcome"]);
    const thanks = mine.find((r) => r.key === "thanks")!;
    const welcomeRule = mine.find((r) => r.key === "welcome")!;
    const off = await as("ari", "PATCH", `/v1/locations/${o.location.airport}/rule-packs/${thanks.ruleId}`, { enabled: false });
    expect(off.status).toBe(200);
    expect(off.body.rule.enabled).toBe(false);
    const refused = await as("ari", "PATCH", `/v1/locations/${o.location.airport}/rule-packs/${welcomeRule.ruleId}`, { enabled: false });
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toBe('HQ does not let locations turn off "Welcome note (Airport)"');
    expect((await as("carl", "PATCH", `/v1/locations/${o.location.airport}/rule-packs/${thanks.ruleId}`, { enabled: true })).status).toBe(403);
    expect((await as("lars", "PATCH", `/v1/locations/${o.location.airport}/rule-packs/${thanks.ruleId}`, { enabled: true })).status).toBe(404);
    expect((await as("ari", "PATCH", `/v1/automations/rules/${welcomeRule.ruleId}`, { name: "Mine" })).status).toBe(403);
    expect(await drift()).toContain("Airport/thanks: turned_off v1");
  });

  it("a locked rule changes only through its pack; an edit that got in anyway shows as drift", async () => {
    const rules = (await as("admin", "GET", "/v1/automations/rules")).body.rules as Array<{ id: string; name: string }>;
    const uptown = rules.find((r) => r.name === "Welcome note (Uptown)")!;
    const locked = await as("admin", "PATCH", `/v1/automations/rules/${uptown.id}`, { priority: 5 });
    expect(locked.status).toBe(409);
    // As if changed behind HQ's back (the CLI, an old client): drift.
    await s.app.ctx.database.db
      .updateTable("automationRule" as never)
      .set({ priority: 7 } as never)
      .where("id" as never, "=", uptown.id as never)
      .execute();
    expect(await drift()).toContain("Uptown/welcome: edited v1");
  });

  it("a new version reaches every location, keeps the Airport's switched-off rule off, and ends the drift", async () => {
    const res = await as("otto", "PATCH", `/v1/rule-packs/${packId}`, {
      rules: [
        { key: "welcome", locked: true, mayTurnOff: false, rule: { ...welcome, actions: [{ type: "addNote", body: "HQ: greet within 3 minutes" }] } },
        { key: "thanks", locked: true, mayTurnOff: true, rule: resolveThanks },
      ],
    });
    expect(res.status).toBe(200);
    expect(await drift()).toEqual([
      "Airport/welcome: in_sync v2",
      "Airport/thanks: turned_off v2",
      "Downtown/welcome: in_sync v2",
      "Downtown/thanks: in_sync v2",
      "Uptown/welcome: in_sync v2",
      "Uptown/thanks: in_sync v2",
    ]);
  });

  it("a new inbox at the Airport joins its rules' inboxes", async () => {
    const made = await as("ari", "POST", "/v1/inboxes", { name: "Airport returns", phoneNumber: "+16505550177", carrier: "simulator" });
    expect(made.status).toBe(201);
    const rules = (await as("admin", "GET", "/v1/automations/rules")).body.rules as Array<{ name: string; conditions: Array<{ inboxIds?: string[] }> }>;
    expect(rules.find((r) => r.name === "Welcome note (Airport)")!.conditions[0].inboxIds!.sort()).toEqual([o.inbox.airport, made.body.inbox.id].sort());
    expect(await drift()).toContain("Airport/welcome: in_sync v2");
  });

  it("narrowing the pack to Downtown removes the other locations' rules", async () => {
    expect((await as("otto", "PATCH", `/v1/rule-packs/${packId}`, { locationIds: [o.location.downtown] })).status).toBe(200);
    const names = ((await as("admin", "GET", "/v1/automations/rules")).body.rules as Array<{ name: string }>).map((r) => r.name);
    expect(names.filter((n) => n.startsWith("Welcome note")).sort()).toEqual(["Welcome note (Downtown)"]);
    expect((await as("ari", "GET", `/v1/locations/${o.location.airport}/rule-packs`)).body.rules).toEqual([]);
  });
});
