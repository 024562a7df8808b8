// AI rewrite against a local fake of the OpenAI API (tests/support/fakes/openai.ts) that checks every request
// against OpenAI's own OpenAPI description: off by default, only the draft is sent, the SMS guard, GSM-7,
// the segment budget, the model's failures as clear answers, and the budget and rate limits.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startServer, type TestServer } from "../support/server";
import { startFakeOpenAi, type FakeOpenAi } from "../support/fakes/openai";
import { workspace, type Workspace } from "./support/workspace";

let server: TestServer;
let fake: FakeOpenAi;
let w: Workspace;
beforeAll(async () => {
  fake = await startFakeOpenAi();
  server = await startServer({ ai: { baseUrl: fake.baseUrl, model: "gpt-4o-mini", apiKey: "sk-test-fake-key", timeoutMs: 8000 } });
  w = await workspace(server);
  // Generous unless a test is about the limits (those set their own and put this back).
  await server.call("PATCH", "/v1/admin/ai", { token: w.token.admin, json: { perUserPerMinute: 1000 } });
});
afterAll(async () => {
  await server?.close();
  await fake?.close();
});
afterEach(() => {
  expect(fake.problems).toEqual([]);
  fake.answerWith((req) => req.text);
});

const rewrite = (json: unknown, token = w.token.alice) => server.call("POST", "/v1/ai/rewrite", { token, json });
const answer = (text: string) => fake.answerWith(() => text);
const newRep = async (name: string) => {
  const email = `${name}-${Date.now()}@demo.test`;
  const made = await server.call("POST", "/v1/users", { token: w.token.admin, json: { email, name, role: "agent", password: "long-enough-password-1" } });
  expect(made.status, JSON.stringify(made.body)).toBe(201);
  return server.login(email, "long-enough-password-1");
};

describe("configuration", () => {
  it("is off without an endpoint: status says so and a rewrite is a 503 that says how to turn it on", { timeout: 60_000 }, async () => {
    const plain = await startServer();
    try {
      const token = await plain.login("alice@demo.test");
      const status = await plain.call("GET", "/v1/ai/status", { token });
      expect(status.body).toMatchObject({ enabled: false });
      const res = await plain.call("POST", "/v1/ai/rewrite", { token, json: { draft: "hi there", action: "fix" } });
      expect(res.status).toBe(503);
      expect(res.body.error.message).toMatch(/not set up.*Admin console → AI/);
    } finally {
      await plain.close();
    }
  });

  it("status lists the actions; brand voice appears once an admin writes one", async () => {
    expect((await server.call("GET", "/v1/ai/status", { token: w.token.alice })).body).toEqual({
      enabled: true,
      actions: ["fix", "shorten", "friendlier", "professional", "simplify"],
      language: "en",
      autoTranslate: false,
    });
    const patch = await server.call("PATCH", "/v1/admin/ai", { token: w.token.admin, json: { brandVoice: "Warm, first names, no jargon." } });
    expect(patch.status).toBe(200);
    expect((await server.call("GET", "/v1/ai/status", { token: w.token.alice })).body.actions).toContain("brand");
    const brand = await rewrite({ draft: "Your order shipped today.", action: "brand" });
    expect(brand.status).toBe(200);
    expect(fake.requests.at(-1)?.instruction).toContain("Warm, first names, no jargon.");
  });

  it("a console endpoint wins over the environment; its key is sealed in the database and never returned", async () => {
    const console = await startFakeOpenAi({ apiKey: "sk-console-key-123456" });
    try {
      const patch = await server.call("PATCH", "/v1/admin/ai", {
        token: w.token.admin,
        json: { baseUrl: console.baseUrl, model: "llama3.1", apiKey: "sk-console-key-123456" },
      });
      expect(patch.status).toBe(200);
      expect(patch.body.config).toMatchObject({ source: "console", baseUrl: console.baseUrl, model: "llama3.1", hasApiKey: true });
      expect(JSON.stringify(patch.body)).not.toContain("sk-console-key");
      const row = await server.app.ctx.database.db
        .selectFrom("aiSettings" as never)
        .selectAll()
        .executeTakeFirstOrThrow();
      expect(JSON.stringify(row)).not.toContain("sk-console-key");

      expect((await rewrite({ draft: "See you at 5.", action: "fix" })).status).toBe(200);
      expect(console.requests).toHaveLength(1);
      expect(console.requests[0].body.model).toBe("llama3.1");
      expect(console.requests[0].headers.authorization).toBe("Bearer sk-console-key-123456");
      expect(console.problems).toEqual([]);
    } finally {
      await server.call("PATCH", "/v1/admin/ai", { token: w.token.admin, json: { baseUrl: null, apiKey: "" } });
      await console.close();
    }
  });

  it("only owners and admins read or change the AI settings; bad settings are a 400 that changes nothing", async () => {
    expect((await server.call("GET", "/v1/admin/ai", { token: w.token.alice })).status).toBe(403);
    expect((await server.call("PATCH", "/v1/admin/ai", { token: w.token.alice, json: { model: "x" } })).status).toBe(403);
    const before = (await server.call("GET", "/v1/admin/ai", { token: w.token.admin })).body;
    const bad = await server.call("PATCH", "/v1/admin/ai", { token: w.token.admin, json: { baseUrl: "not a url" } });
    expect(bad.status).toBe(400);
    expect((await server.call("GET", "/v1/admin/ai", { token: w.token.admin })).body).toEqual(before);
  });
});

describe("what is sent", () => {
  it("sends the draft alone, as a request that matches OpenAI's schema, with the server's key", async () => {
    const conversation = (await server.call("GET", "/v1/conversations", { token: w.token.alice })).body.conversations[0];
    const note = await server.call("POST", `/v1/conversations/${conversation.id}/notes`, {
      token: w.token.alice,
      json: { body: "Internal: VIP, owes us 300" },
    });
    expect(note.status).toBe(201);
    const page = (await server.call("GET", `/v1/conversations/${conversation.id}/messages`, { token: w.token.alice })).body;
    const from = fake.requests.length;
    const draft = "Hi {{contact.firstName}}, your appointment is tomorow at 3pm.";
    answer("Hi {{contact.firstName}}, your appointment is tomorrow at 3pm.");
    const res = await rewrite({ draft, action: "fix" });
    expect(res.status).toBe(200);
    const sent = fake.requests.slice(from);
    expect(sent).toHaveLength(1);
    expect(sent[0].headers.authorization).toBe("Bearer sk-test-fake-key");
    expect(sent[0].body.messages.map((m) => m.role)).toEqual(["system", "user"]);
    expect(sent[0].text).toBe(draft);
    const everything = JSON.stringify(sent[0].body);
    expect(everything).not.toContain("VIP, owes us 300");
    for (const m of page.messages) if (m.body.length > 8) expect(everything).not.toContain(m.body);
  });
});

describe("the SMS guard", () => {
  it("refuses an answer that drops {{contact.firstName}}, naming it", async () => {
    answer("Hi there, your appointment is tomorrow at 3pm.");
    const res = await rewrite({ draft: "Hi {{contact.firstName}}, your appointment is tomorow at 3pm.", action: "fix" });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toContain("the variable {{contact.firstName}}");
    expect(res.body.error.details.missing).toEqual(["{{contact.firstName}}"]);
  });

  it.each([
    ["a link", "Pay here: https://pay.example.com/i/42 thanks", "Pay here: https://pay.example.com thanks", "the link https://pay.example.com/i/42"],
    ["a phone number", "Call us on (415) 555-0134 today", "Call us on 415-555-0134 today", "the phone number (415) 555-0134"],
    ["the opt-out wording", "Sale ends Friday! Reply STOP to opt out.", "Sale ends Friday!", "the opt-out wording Reply STOP to opt out."],
  ])("refuses an answer that changes %s", async (_what, draft, modelSays, named) => {
    answer(modelSays);
    const res = await rewrite({ draft, action: "shorten" });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toContain(named);
  });

  it("puts curly quotes and dashes back to GSM-7 when the draft had none, and says so", async () => {
    answer("We\u2019re open \u2014 come by \u201Cany time\u201D\u2026");
    const res = await rewrite({ draft: "we're open, come by any time", action: "friendlier" });
    expect(res.status).toBe(200);
    expect(res.body.text).toBe('We\'re open - come by "any time"...');
    expect(res.body.after.encoding).toBe("GSM-7");
    expect(res.body.normalised).toEqual(["curly apostrophes → '", 'curly quotes → "', "dashes → -", "… → ..."]);
  });

  it("keeps curly quotes the draft itself used", async () => {
    answer("It\u2019s ready \u2014 pick it up today.");
    const res = await rewrite({ draft: "It\u2019s ready \u2014 come pick it up today", action: "shorten" });
    expect(res.body.text).toBe("It\u2019s ready \u2014 pick it up today.");
    expect(res.body.after.encoding).toBe("UCS-2");
  });

  it("refuses an emoji that would turn a GSM-7 draft into UCS-2", async () => {
    answer("Thanks so much! \u{1F60A}");
    const res = await rewrite({ draft: "thanks", action: "friendlier" });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toMatch(/UCS-2/);
  });

  it("reports characters and segments before and after, and refuses an answer over the segment budget", async () => {
    const draft = "a".repeat(150);
    answer("b".repeat(120));
    const ok = await rewrite({ draft, action: "shorten", fitSegments: 1 });
    expect(ok.body).toMatchObject({ before: { chars: 150, segments: 1, encoding: "GSM-7" }, after: { chars: 120, segments: 1 } });
    expect(fake.requests.at(-1)?.instruction).toContain("fit in 160 characters");
    answer("b".repeat(200));
    const over = await rewrite({ draft, action: "friendlier", fitSegments: 1 });
    expect(over.status).toBe(409);
    expect(over.body.error.message).toContain("takes 2 SMS, more than the 1");
  });
});

describe("when the model service fails", () => {
  it.each([
    [{ kind: "error", status: 401 } as const, 502, /refused the server's API key \(401\)/],
    [{ kind: "error", status: 429, retryAfter: "7" } as const, 429, /busy \(rate limited\); try again in 7 s/],
    [{ kind: "error", status: 500 } as const, 502, /had a problem \(500\)/],
    [{ kind: "slow", ms: 8500 } as const, 504, /did not answer within 8 s/],
    [{ kind: "truncated" } as const, 502, /cut its answer short/],
  ])("%o → %i with a sentence that says what to do", { timeout: 30_000 }, async (script, status, message) => {
    fake.script(script);
    const res = await server.call("POST", "/v1/ai/rewrite", { token: w.token.bob, json: { draft: "see you soon", action: "fix" } });
    expect(res.status).toBe(status);
    expect(res.body.error.message).toMatch(message);
  });

  it("passes the model's Retry-After on", async () => {
    fake.script({ kind: "error", status: 429, retryAfter: "12" });
    const res = await fetch(`${server.url}/v1/ai/rewrite`, {
      method: "POST",
      headers: { authorization: `Bearer ${w.token.bob}`, "content-type": "application/json" },
      body: JSON.stringify({ draft: "see you soon", action: "fix" }),
    });
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBe("12");
  });
});

describe("budget and rate limits", () => {
  afterEach(async () => {
    await server.call("PATCH", "/v1/admin/ai", { token: w.token.admin, json: { dailyRequestLimit: 2000, dailyTokenLimit: 2_000_000, perUserPerMinute: 1000 } });
  });

  it("a rep over their per-minute limit gets 429; a teammate still can", async () => {
    await server.call("PATCH", "/v1/admin/ai", { token: w.token.admin, json: { perUserPerMinute: 2 } });
    const [one, two] = await Promise.all(["dee", "eli"].map((name) => newRep(name)));
    const mine = await Promise.all([1, 2, 3].map(() => rewrite({ draft: "ok then", action: "fix" }, one)));
    expect(mine.map((r) => r.status).sort()).toEqual([200, 200, 429]);
    const refused = mine.find((r) => r.status === 429);
    expect(refused?.body.error.message).toMatch(/2 AI requests this minute/);
    expect((await rewrite({ draft: "ok then", action: "fix" }, two)).status).toBe(200);
  });

  it("the workspace's daily request budget stops every rep, without calling the model", async () => {
    const used = (await server.call("GET", "/v1/admin/ai", { token: w.token.admin })).body.config.usageToday.requests;
    await server.call("PATCH", "/v1/admin/ai", { token: w.token.admin, json: { dailyRequestLimit: used + 1 } });
    expect((await rewrite({ draft: "one more", action: "fix" })).status).toBe(200);
    const calls = fake.requests.length;
    const res = await rewrite({ draft: "one more", action: "fix" }, w.token.bob);
    expect(res.status).toBe(429);
    expect(res.body.error.message).toMatch(/Today's AI budget .* is used up/);
    expect(fake.requests.length).toBe(calls);
  });

  it("the daily token budget counts what the model reported", async () => {
    const before = (await server.call("GET", "/v1/admin/ai", { token: w.token.admin })).body.config.usageToday.tokens;
    await rewrite({ draft: "count my tokens please", action: "fix" });
    const after = (await server.call("GET", "/v1/admin/ai", { token: w.token.admin })).body.config.usageToday.tokens;
    expect(after).toBeGreaterThan(before);
    await server.call("PATCH", "/v1/admin/ai", { token: w.token.admin, json: { dailyTokenLimit: after } });
    const res = await rewrite({ draft: "and again", action: "fix" });
    expect(res.status).toBe(429);
    expect(res.body.error.message).toMatch(/tokens/);
  });
});
