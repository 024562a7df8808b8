// Translate against the fake OpenAI server: each inbound's language detected offline and kept on the message
// and the contact; a customer's text translated into the rep's language; the rep's reply translated into the
// contact's with a back-translation. Only the texts being translated reach the model, never notes or history.
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { startServer, waitFor, type TestServer } from "../support/server";
import { startFakeOpenAi, type FakeOpenAi } from "../support/fakes/openai";
import { forgetStaleTranslations } from "../../server/ai/ai-locations.repository";
import { workspace, type Workspace } from "./support/workspace";

let server: TestServer;
let fake: FakeOpenAi;
let w: Workspace;
let phone = 5550600;
beforeAll(async () => {
  fake = await startFakeOpenAi();
  server = await startServer({ ai: { baseUrl: fake.baseUrl, model: "gpt-4o-mini", apiKey: "sk-test-fake-key", timeoutMs: 5000 } });
  w = await workspace(server);
});
afterAll(async () => {
  await server?.close();
  await fake?.close();
});
afterEach(() => expect(fake.problems).toEqual([]));

const SPANISH = "Hola, ¿puedo cambiar mi cita para el jueves por la tarde?";
const textIn = async (body: string, from = `+1415${phone++}`) => {
  const res = await server.call("POST", "/v1/simulator/inbound", { token: w.token.alice, json: { inboxId: w.mainLine, from, body } });
  expect(res.status).toBe(201);
  return res.body.message as { id: string; conversationId: string; contactId: string };
};
const stored = async (messageId: string) => {
  const { db } = server.app.ctx.database;
  const m = await db.selectFrom("message").select(["language", "contactId"]).where("id", "=", messageId).executeTakeFirstOrThrow();
  const c = await db.selectFrom("contact").select("language").where("id", "=", m.contactId).executeTakeFirstOrThrow();
  return { message: m.language ?? null, contact: c.language ?? null };
};

it("detects an inbound text's language and keeps it on the message and the contact; a too-short text stays unknown", async () => {
  const from = `+1415${phone++}`;
  const es = await textIn(SPANISH, from);
  await waitFor("the language to be stored", async () => (await stored(es.id)).message === "es");
  expect(await stored(es.id)).toEqual({ message: "es", contact: "es" });
  const ok = await textIn("ok", from);
  await waitFor("the short text to be looked at", async () => {
    const row = await server.app.ctx.database.db.selectFrom("message").select("language").where("id", "=", ok.id).executeTakeFirstOrThrow();
    return row.language === null;
  });
  expect(await stored(ok.id)).toEqual({ message: null, contact: "es" });
  const res = await server.call("GET", `/v1/ai/conversations/${es.conversationId}/languages`, { token: w.token.alice });
  expect(res.body).toEqual({ contactLanguage: "es", messages: { [es.id]: "es", [ok.id]: null } });
});

it("a text read before the recorder wrote its language still makes it the contact's language (the newest text tells)", async () => {
  const from = `+1415${phone++}`;
  const en = await textIn("Thanks, see you on Friday at the shop then", from);
  const es = await textIn(SPANISH, from);
  await waitFor("both languages to be stored", async () => (await stored(es.id)).message === "es" && (await stored(en.id)).message === "en");
  // As it was for a moment when the Spanish text had arrived but the recorder's batch had not been written yet.
  const { db } = server.app.ctx.database;
  await db.updateTable("message").set({ language: null }).where("id", "=", es.id).execute();
  await db.updateTable("contact").set({ language: "en" }).where("id", "=", es.contactId).execute();
  const res = await server.call("GET", `/v1/ai/conversations/${es.conversationId}/languages`, { token: w.token.alice });
  expect(res.body).toEqual({ contactLanguage: "es", messages: { [es.id]: "es", [en.id]: "en" } });
  expect(await stored(es.id)).toEqual({ message: "es", contact: "es" });
});

it("translates a customer's text into the rep's language, sending only that text", async () => {
  const es = await textIn(SPANISH);
  await server.call("POST", `/v1/conversations/${es.conversationId}/notes`, { token: w.token.alice, json: { body: "Note: angry last week" } });
  await textIn("Gracias por todo, hasta luego amigos");
  fake.answerWith((req) => (req.text === SPANISH ? "Hi, can I move my appointment to Thursday afternoon?" : "?"));
  const from = fake.requests.length;
  const res = await server.call("POST", "/v1/ai/translate", { token: w.token.alice, json: { conversationId: es.conversationId, messageIds: [es.id] } });
  expect(res.status).toBe(200);
  expect(res.body).toEqual({ to: "en", translations: [{ messageId: es.id, from: "es", text: "Hi, can I move my appointment to Thursday afternoon?" }] });
  const sent = fake.requests.slice(from);
  expect(sent.map((r) => r.text)).toEqual([SPANISH]);
  expect(sent[0].instruction).toContain("from Spanish into English");
  expect(JSON.stringify(sent)).not.toContain("angry last week");
});

it("a rep who reads French gets French; a message of another conversation is a 404", async () => {
  const es = await textIn(SPANISH);
  const other = await textIn("Bonjour, je serai en retard de dix minutes");
  expect((await server.call("PATCH", "/v1/ai/preferences", { token: w.token.bob, json: { language: "fr", autoTranslate: true } })).body).toMatchObject({
    language: "fr",
    autoTranslate: true,
  });
  fake.answerWith(() => "Bonjour, puis-je déplacer mon rendez-vous ?");
  const res = await server.call("POST", "/v1/ai/translate", { token: w.token.bob, json: { conversationId: es.conversationId, messageIds: [es.id] } });
  expect(res.body.to).toBe("fr");
  expect(fake.requests.at(-1)?.instruction).toContain("into French");
  const wrong = await server.call("POST", "/v1/ai/translate", { token: w.token.bob, json: { conversationId: es.conversationId, messageIds: [other.id] } });
  expect(wrong.status).toBe(404);
  expect((await server.call("PATCH", "/v1/ai/preferences", { token: w.token.bob, json: { language: "French" } })).status).toBe(400);
});

it("translates a reply into the contact's language with a back-translation; only the draft and its translation are sent", async () => {
  const es = await textIn(SPANISH);
  await waitFor("the contact's language", async () => (await stored(es.id)).contact === "es");
  const draft = "Sure {{contact.firstName}}, Thursday at 4pm works. Details: https://ex.example/a/1";
  const spanish = "Claro {{contact.firstName}}, el jueves a las 4pm está bien. Detalles: https://ex.example/a/1";
  fake.answerWith((req) => (req.text === draft ? spanish : "Sure {{contact.firstName}}, Thursday at 4pm is fine. Details: https://ex.example/a/1"));
  const from = fake.requests.length;
  const res = await server.call("POST", "/v1/ai/translate-draft", { token: w.token.alice, json: { conversationId: es.conversationId, draft } });
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({ to: "es", translation: spanish, backTranslation: expect.stringContaining("Thursday at 4pm is fine") });
  // "á" is not in GSM-7: the rep sees that the Spanish costs 2 segments where the English took 1.
  expect(res.body.before).toEqual({ chars: [...draft].length, segments: 1, encoding: "GSM-7" });
  expect(res.body.after).toEqual({ chars: [...spanish].length, segments: 2, encoding: "UCS-2" });
  const sent = fake.requests.slice(from);
  expect(sent.map((r) => r.text)).toEqual([draft, spanish]);
  expect(sent[0].instruction).toContain("from English into Spanish");
  expect(JSON.stringify(sent)).not.toContain(SPANISH.slice(0, 20));
});

it("refuses a translation that loses a variable or the STOP keyword", async () => {
  const es = await textIn(SPANISH);
  await waitFor("the contact's language", async () => (await stored(es.id)).contact === "es");
  fake.answerWith(() => "Hola amigo, las ofertas terminan el viernes. Responde BAJA para no recibir más.");
  const res = await server.call("POST", "/v1/ai/translate-draft", {
    token: w.token.alice,
    json: { conversationId: es.conversationId, draft: "Hi {{contact.firstName}}, sale ends Friday. Reply STOP to opt out." },
  });
  expect(res.status).toBe(409);
  expect(res.body.error.message).toContain("{{contact.firstName}}");
  expect(res.body.error.message).toContain("STOP");
});

it("a rep who is not a member of the inbox learns nothing about its conversations", async () => {
  const es = await textIn(SPANISH);
  const outsider = await server.call("POST", "/v1/users", {
    token: w.token.admin,
    json: { email: `out-${Date.now()}@demo.test`, name: "Out", role: "agent", password: "long-enough-password-1" },
  });
  const token = await server.login(outsider.body.user.email, "long-enough-password-1");
  expect((await server.call("GET", `/v1/ai/conversations/${es.conversationId}/languages`, { token })).status).toBe(404);
  const calls = fake.requests.length;
  expect((await server.call("POST", "/v1/ai/translate", { token, json: { conversationId: es.conversationId, messageIds: [es.id] } })).status).toBe(404);
  expect(fake.requests.length).toBe(calls);
});

it("keeps a translation: a second click (or a teammate's) does not call the model again, a changed text is translated afresh", async () => {
  const es = await textIn(SPANISH);
  fake.answerWith(() => "Hi, can I move my appointment to Thursday afternoon?");
  const translate = (token: string) => server.call("POST", "/v1/ai/translate", { token, json: { conversationId: es.conversationId, messageIds: [es.id] } });
  const calls = fake.requests.length;
  const first = await translate(w.token.alice);
  expect(first.status).toBe(200);
  expect(fake.requests.length).toBe(calls + 1);
  const usage = (await server.call("GET", "/v1/admin/ai", { token: w.token.admin })).body.config.usageToday.requests;
  fake.answerWith(() => "a different answer the cache must hide");
  expect((await translate(w.token.alice)).body).toEqual(first.body);
  expect((await translate(w.token.admin)).body).toEqual(first.body);
  expect(fake.requests.length).toBe(calls + 1);
  expect((await server.call("GET", "/v1/admin/ai", { token: w.token.admin })).body.config.usageToday.requests).toBe(usage);
  // Retention redacting the body (issue 18) or any other change of the text: the kept translation no longer applies.
  await server.app.ctx.database.db
    .updateTable("message")
    .set({ body: "Hola, ¿puedo cambiar mi cita para el viernes por la mañana?" })
    .where("id", "=", es.id)
    .execute();
  fake.answerWith(() => "Hi, can I move my appointment to Friday morning?");
  const changed = await translate(w.token.alice);
  expect(changed.body.translations[0].text).toBe("Hi, can I move my appointment to Friday morning?");
  expect(fake.requests.length).toBe(calls + 2);
});

it("forgets a kept translation once retention removed the text (redacted or deleted), and after a month", async () => {
  const { db } = server.app.ctx.database;
  const kept = (ids: string[]) =>
    db
      .selectFrom("aiTranslation" as never)
      .select("messageId" as never)
      .where("messageId" as never, "in", ids as never)
      .execute();
  const [redacted, deleted, fresh] = [await textIn(SPANISH), await textIn(SPANISH), await textIn(SPANISH)];
  fake.answerWith(() => "Hi, can I move my appointment to Thursday afternoon?");
  for (const m of [redacted, deleted, fresh])
    expect(
      (await server.call("POST", "/v1/ai/translate", { token: w.token.alice, json: { conversationId: m.conversationId, messageIds: [m.id] } })).status,
    ).toBe(200);
  expect(await kept([redacted.id, deleted.id, fresh.id])).toHaveLength(3);
  // What server/audit/retention-job.ts does to texts past the retention period.
  await db.updateTable("message").set({ body: "", media: "[]" }).where("id", "=", redacted.id).execute();
  await db.deleteFrom("event").where("conversationId", "=", deleted.conversationId).where("type", "like", "message.%").execute();
  await db.deleteFrom("message").where("id", "=", deleted.id).execute();
  expect(await forgetStaleTranslations(db, "2000-01-01T00:00:00.000Z")).toBe(1);
  expect((await kept([redacted.id, deleted.id, fresh.id])).map((r) => (r as { messageId: string }).messageId)).toEqual([fresh.id]);
  expect(await forgetStaleTranslations(db, new Date(Date.now() + 1000).toISOString())).toBeGreaterThanOrEqual(1);
  expect(await kept([fresh.id])).toHaveLength(0);
});
