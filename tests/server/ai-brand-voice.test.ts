// Brand voice per location (issue 19 × the franchise issue 18): HQ writes a location's voice, the "Brand voice"
// rewrite of a conversation follows its inbox's location's voice (checked in the request the fake OpenAI server
// got, validated against OpenAI's own description), else the workspace's; a location's admins edit theirs only
// when HQ allows; nobody else can. And the admin's "Test connection".
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startFakeOpenAi, type FakeOpenAi } from "../support/fakes/openai";
import { startServer, type TestServer } from "../support/server";

let server: TestServer;
let fake: FakeOpenAi;
const token: Record<"admin" | "alice" | "lars" | "ari" | "carl" | "rita", string> = { admin: "", alice: "", lars: "", ari: "", carl: "", rita: "" };
let downtownConversation: string;
let airportConversation: string;
let airportId: string;

const WORKSPACE_VOICE = "Plain and polite, sign off with the team name.";
const DOWNTOWN_VOICE = "Downtown: upbeat, first names, mention our late opening on Thursdays.";

beforeAll(async () => {
  fake = await startFakeOpenAi();
  server = await startServer({ ai: { baseUrl: fake.baseUrl, model: "gpt-4o-mini", apiKey: "sk-test-fake-key", timeoutMs: 8000 } });
  for (const who of Object.keys(token) as Array<keyof typeof token>) token[who] = await server.login(`${who}@demo.test`);
  await server.call("PATCH", "/v1/admin/ai", { token: token.admin, json: { perUserPerMinute: 1000 } });
  const { db } = server.app.ctx.database;
  const firstIn = (inbox: string) =>
    db
      .selectFrom("conversation")
      .innerJoin("inbox", "inbox.id", "conversation.inboxId")
      .select(["conversation.id", "inbox.locationId"])
      .where("inbox.name", "=", inbox)
      .orderBy("conversation.id")
      .executeTakeFirstOrThrow();
  downtownConversation = (await firstIn("Main line")).id;
  const airport = await firstIn("Airport desk");
  airportConversation = airport.id;
  airportId = airport.locationId;
}, 60_000);
afterAll(async () => {
  await server?.close();
  await fake?.close();
});
afterEach(() => {
  expect(fake.problems).toEqual([]);
  fake.answerWith((req) => req.text);
});

const setVoice = (locationId: string, json: unknown, who: keyof typeof token = "admin") =>
  server.call("PATCH", `/v1/admin/ai/brand-voices/${locationId}`, { token: token[who], json });
const brandRewrite = (who: keyof typeof token, conversationId?: string) =>
  server.call("POST", "/v1/ai/rewrite", { token: token[who], json: { draft: "Your order is ready for pickup.", action: "brand", conversationId } });
const voiceRows = () =>
  server.app.ctx.database.db
    .selectFrom("aiLocationVoice" as never)
    .selectAll()
    .execute();

describe("the brand voice a rewrite follows", () => {
  it("a conversation of a location with its own voice sends that voice to the model, not the workspace's", async () => {
    await server.call("PATCH", "/v1/admin/ai", { token: token.admin, json: { brandVoice: WORKSPACE_VOICE } });
    const set = await setVoice("loc_main", { brandVoice: DOWNTOWN_VOICE });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    expect(set.body.voice).toMatchObject({ locationId: "loc_main", locationName: "Downtown", brandVoice: DOWNTOWN_VOICE, locationMayEdit: false });

    const from = fake.requests.length;
    const res = await brandRewrite("alice", downtownConversation);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const sent = fake.requests.slice(from);
    expect(sent).toHaveLength(1);
    expect(sent[0].instruction).toContain(DOWNTOWN_VOICE);
    expect(sent[0].instruction).not.toContain(WORKSPACE_VOICE);
    expect(sent[0].text).toBe("Your order is ready for pickup.");
  });

  it("a location without its own voice, and a draft with no conversation, fall back to the workspace's", async () => {
    await server.call("PATCH", "/v1/admin/ai", { token: token.admin, json: { brandVoice: WORKSPACE_VOICE } });
    expect((await brandRewrite("carl", airportConversation)).status).toBe(200);
    expect(fake.requests.at(-1)?.instruction).toContain(WORKSPACE_VOICE);
    expect((await brandRewrite("alice")).status).toBe(200);
    expect(fake.requests.at(-1)?.instruction).toContain(WORKSPACE_VOICE);
  });

  it("clearing a location's voice puts the workspace's back", async () => {
    await setVoice(airportId, { brandVoice: "Airport: calm, short, flight-aware." });
    await brandRewrite("carl", airportConversation);
    expect(fake.requests.at(-1)?.instruction).toContain("Airport: calm, short, flight-aware.");
    expect((await setVoice(airportId, { brandVoice: "" })).status).toBe(200);
    await brandRewrite("carl", airportConversation);
    expect(fake.requests.at(-1)?.instruction).toContain(WORKSPACE_VOICE);
  });

  it("with no voice for the location nor the workspace, 'Brand voice' is not offered there and is a 409 if asked", async () => {
    await server.call("PATCH", "/v1/admin/ai", { token: token.admin, json: { brandVoice: "" } });
    // Downtown has its own voice: Alice (Downtown) is offered it; Carl (Uptown and Airport, none) is not.
    expect((await server.call("GET", "/v1/ai/status", { token: token.alice })).body.actions).toContain("brand");
    expect((await server.call("GET", "/v1/ai/status", { token: token.carl })).body.actions).not.toContain("brand");
    const calls = fake.requests.length;
    const res = await brandRewrite("carl", airportConversation);
    expect(res.status).toBe(409);
    expect(res.body.error.message).toMatch(/No brand voice is set for this location or the workspace/);
    expect(fake.requests.length).toBe(calls);
    await server.call("PATCH", "/v1/admin/ai", { token: token.admin, json: { brandVoice: WORKSPACE_VOICE } });
  });

  it("a conversation the rep cannot see is a 404, and nothing is sent", async () => {
    const calls = fake.requests.length;
    const res = await brandRewrite("alice", airportConversation);
    expect(res.status).toBe(404);
    expect(fake.requests.length).toBe(calls);
  });
});

describe("who may set a location's voice", () => {
  it("HQ sees every location; a location admin sees their own location's voice and whether they may edit it", async () => {
    const hq = await server.call("GET", "/v1/admin/ai/brand-voices", { token: token.admin });
    expect(hq.status).toBe(200);
    expect(hq.body.workspaceVoice).toBe(WORKSPACE_VOICE);
    expect(hq.body.locations.map((l: { locationName: string }) => l.locationName).sort()).toEqual(["Airport", "Downtown", "Uptown"]);
    const lars = await server.call("GET", "/v1/admin/ai/brand-voices", { token: token.lars });
    expect(lars.status).toBe(200);
    expect(lars.body.locations).toEqual([
      expect.objectContaining({ locationId: "loc_main", brandVoice: DOWNTOWN_VOICE, locationMayEdit: false, canEdit: false, canAllow: false }),
    ]);
    expect((await server.call("GET", "/v1/admin/ai/brand-voices", { token: token.alice })).status).toBe(403);
  });

  it("an agent, an admin of another location, and a location admin HQ has not allowed are refused; nothing changes", async () => {
    const before = JSON.stringify(await voiceRows());
    expect((await setVoice("loc_main", { brandVoice: "agent's voice" }, "alice")).status).toBe(403);
    expect((await setVoice("loc_main", { brandVoice: "Ari's voice" }, "ari")).status).toBe(404);
    expect((await setVoice(airportId, { brandVoice: "Lars's voice" }, "lars")).status).toBe(404);
    const notAllowed = await setVoice("loc_main", { brandVoice: "Lars's voice" }, "lars");
    expect(notAllowed.status).toBe(403);
    expect(notAllowed.body.error.message).toMatch(/HQ sets Downtown's brand voice/);
    expect((await setVoice("loc_main", { locationMayEdit: true }, "lars")).status).toBe(403);
    expect((await setVoice("loc_nowhere", { brandVoice: "x" })).status).toBe(404);
    expect((await setVoice("loc_main", {})).status).toBe(400);
    expect((await setVoice("loc_main", { brandVoice: "x".repeat(1001) })).status).toBe(400);
    expect(JSON.stringify(await voiceRows())).toBe(before);
  });

  it("once HQ allows it, the location's admin writes their own voice and their conversations follow it", async () => {
    expect((await setVoice("loc_main", { locationMayEdit: true })).body.voice).toMatchObject({ locationMayEdit: true });
    const own = await setVoice("loc_main", { brandVoice: "Lars's Downtown: cheerful and brief." }, "lars");
    expect(own.status, JSON.stringify(own.body)).toBe(200);
    expect(own.body.voice).toMatchObject({ brandVoice: "Lars's Downtown: cheerful and brief.", canEdit: true, canAllow: false });
    await brandRewrite("alice", downtownConversation);
    expect(fake.requests.at(-1)?.instruction).toContain("Lars's Downtown: cheerful and brief.");
    // Still only their own location, and still not HQ's switch.
    expect((await setVoice(airportId, { brandVoice: "x" }, "lars")).status).toBe(404);
    expect((await setVoice("loc_main", { locationMayEdit: false }, "lars")).status).toBe(403);
    // Rita manages the Bay Area region (Downtown is in it): a location admin of it, not HQ.
    expect((await setVoice("loc_main", { brandVoice: "Rita's voice" }, "rita")).status).toBe(200);
    expect((await setVoice("loc_main", { locationMayEdit: false })).status).toBe(200);
    expect((await setVoice("loc_main", { brandVoice: "again" }, "lars")).status).toBe(403);
  });
});

describe("test connection", () => {
  it("reports the service's answer, or its error in words, to owners and admins only", async () => {
    fake.answerWith(() => "OK");
    const ok = await server.call("POST", "/v1/admin/ai/test", { token: token.admin });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ ok: true, model: "gpt-4o-mini", message: "gpt-4o-mini answered: OK" });
    expect(fake.requests.at(-1)?.body.max_tokens).toBe(8);
    fake.script({ kind: "error", status: 401 });
    const refused = await server.call("POST", "/v1/admin/ai/test", { token: token.admin });
    expect(refused.body).toMatchObject({ ok: false });
    expect(refused.body.message).toMatch(/refused the server's API key \(401\)/);
    fake.script({ kind: "truncated" });
    expect((await server.call("POST", "/v1/admin/ai/test", { token: token.admin })).body.ok).toBe(true);
    expect((await server.call("POST", "/v1/admin/ai/test", { token: token.lars })).status).toBe(403);
  });
});
