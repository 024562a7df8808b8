// The demo workspace in the flat shape the realtime and delivery tests use; built on workspace() so the
// sign-ins and inbox lookups live in one place.
import { startServer, type TestServer } from "../../support/server";
import { eventsAfter, workspace } from "./workspace";

export interface Demo {
  admin: string;
  alice: string;
  bob: string;
  mainLine: string;
  supportLine: string;
  userId: (email: string) => Promise<string>;
}

export async function demo(server: TestServer): Promise<Demo> {
  const w = await workspace(server);
  const { db } = server.app.ctx.database;
  return {
    ...w.token,
    mainLine: w.mainLine,
    supportLine: w.supportLine,
    userId: async (email) => (await db.selectFrom("user").select("id").where("email", "=", email).executeTakeFirstOrThrow()).id,
  };
}

/** A customer texts in through the simulator; returns the stored message. */
export async function textIn(server: TestServer, token: string, inboxId: string, from: string, body: string) {
  const res = await server.call("POST", "/v1/simulator/inbound", { token, json: { inboxId, from, body } });
  if (res.status !== 201) throw new Error(`inbound failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.message;
}

/** Every event so far (or those of one type), oldest first, with their data parsed. */
export async function eventsOf(server: TestServer, type?: string) {
  const events = await eventsAfter(server, 0);
  return type ? events.filter((e) => e.type === type) : events;
}

/**
 * The access-change suites' start: a server with the demo workspace and one conversation on Support line
 * (admin and alice are members), texted in from `from`.
 */
export async function serverWithSupportConversation(from: string) {
  const server = await startServer();
  const d = await demo(server);
  const ids = { admin: await d.userId("admin@demo.test"), alice: await d.userId("alice@demo.test") };
  const supportConversation: string = (await textIn(server, d.admin, d.supportLine, from, "Support question")).conversationId;
  return { server, d, ids, supportConversation };
}
