// Issue 14 (ingest cost): the language recorder writes a flush of inbound texts with one statement per language
// found, not two per text; each message keeps its own language and each contact takes that of its latest
// detected text (a text with none leaves the contact's as it was).
import type { KyselyPlugin } from "kysely";
import { afterAll, beforeAll, expect, it } from "vitest";
import { storeLanguages } from "../../server/ai/ai.repository";
import { startServer, waitFor, type TestServer } from "../support/server";
import { workspace, type Workspace } from "./support/workspace";

let server: TestServer;
let w: Workspace;
beforeAll(async () => {
  server = await startServer();
  w = await workspace(server);
});
afterAll(() => server?.close());

const SPANISH = "Hola, ¿puedo cambiar mi cita para el jueves por la tarde?";
const ENGLISH = "Thanks, see you on Friday at the shop then";
const FRENCH = "Bonjour, est-ce que ma commande est prête pour demain matin ?";

const textIn = async (from: string, body: string) => {
  const res = await server.call("POST", "/v1/simulator/inbound", { token: w.token.alice, json: { inboxId: w.mainLine, from, body } });
  expect(res.status).toBe(201);
  return res.body.message as { id: string; contactId: string };
};

it("texts arriving together: each message its language, each contact its latest text's, in a statement per language", async () => {
  const [a1, b1, c1] = await Promise.all([textIn("+14155553101", ENGLISH), textIn("+14155553102", SPANISH), textIn("+14155553103", FRENCH)]);
  const { db } = server.app.ctx.database;
  const language = (id: string) => db.selectFrom("message").select("language").where("id", "=", id).executeTakeFirstOrThrow();
  await waitFor("the recorder to store the first texts", async () => (await language(c1.id)).language === "fr");

  // One flush, as the recorder hands it over: A turns Spanish then French, B says "ok" (no language), C stays.
  const [a2, a3, b2] = [await textIn("+14155553101", SPANISH), await textIn("+14155553101", FRENCH), await textIn("+14155553102", "ok")];
  let statements = 0;
  const counter: KyselyPlugin = {
    transformQuery: (args) => {
      statements++;
      return args.node;
    },
    transformResult: async (args) => args.result,
  };
  await storeLanguages(db.withPlugin(counter), [
    { id: a2.id, contactId: a2.contactId, language: "es" },
    { id: a3.id, contactId: a3.contactId, language: "fr" },
    { id: b2.id, contactId: b2.contactId, language: null },
    { id: c1.id, contactId: c1.contactId, language: "fr" },
  ]);
  // Messages: es, fr, null (3); contacts: fr for A and C (1). Two per text would be 8.
  expect(statements).toBe(4);
  const messages = await db.selectFrom("message").select(["id", "language"]).where("id", "in", [a1.id, a2.id, a3.id, b1.id, b2.id, c1.id]).execute();
  expect(Object.fromEntries(messages.map((m) => [m.id, m.language]))).toEqual({
    [a1.id]: "en",
    [a2.id]: "es",
    [a3.id]: "fr",
    [b1.id]: "es",
    [b2.id]: null,
    [c1.id]: "fr",
  });
  const contacts = await db.selectFrom("contact").select(["id", "language"]).where("id", "in", [a1.contactId, b1.contactId, c1.contactId]).execute();
  expect(Object.fromEntries(contacts.map((c) => [c.id, c.language]))).toEqual({ [a1.contactId]: "fr", [b1.contactId]: "es", [c1.contactId]: "fr" });
});
