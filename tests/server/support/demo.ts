// Demo-workspace helpers for server tests: sign-ins and the two inboxes by name.
import type { TestServer } from "../../support/server";

export interface Demo {
  admin: string;
  alice: string;
  bob: string;
  mainLine: string;
  supportLine: string;
  userId: (email: string) => Promise<string>;
}

export async function demo(server: TestServer): Promise<Demo> {
  const [admin, alice, bob] = await Promise.all(["admin", "alice", "bob"].map((who) => server.login(`${who}@demo.test`)));
  const { db } = server.app.ctx.database;
  const inboxes = await db.selectFrom("inbox").select(["id", "name"]).execute();
  const byName = (name: string) => inboxes.find((i) => i.name === name)!.id;
  return {
    admin, alice, bob,
    mainLine: byName("Main line"),
    supportLine: byName("Support line"),
    userId: async (email) => (await db.selectFrom("user").select("id").where("email", "=", email).executeTakeFirstOrThrow()).id,
  };
}

/** A customer texts in through the simulator; returns the stored message. */
export async function textIn(server: TestServer, token: string, inboxId: string, from: string, body: string) {
  const res = await server.call("POST", "/v1/simulator/inbound", { token, json: { inboxId, from, body } });
  if (res.status !== 201) throw new Error(`inbound failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.message;
}

export async function eventsOf(server: TestServer, type?: string) {
  const { db } = server.app.ctx.database;
  let q = db.selectFrom("event").selectAll().orderBy("seq");
  if (type) q = q.where("type", "=", type);
  return (await q.execute()).map((r) => ({ ...r, data: JSON.parse(r.data) }));
}
