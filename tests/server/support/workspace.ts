// The demo workspace seen through the API, for the Inbox API tests: tokens, ids by name, and a snapshot of
// every table's size to prove that a refused request changed nothing.
import type { TestServer } from "../../support/server";
import { headSeq as feedHead, positionColumn, positionOf } from "../../../server/events/events.repository";

export interface Workspace {
  token: { admin: string; alice: string; bob: string };
  userId: { admin: string; alice: string; bob: string };
  mainLine: string;
  supportLine: string;
}

export async function workspace(server: TestServer): Promise<Workspace> {
  const { db } = server.app.ctx.database;
  const [admin, alice, bob] = await Promise.all(["admin", "alice", "bob"].map((who) => server.login(`${who}@demo.test`)));
  const users = await db.selectFrom("user").select(["id", "email"]).execute();
  const inboxes = await db.selectFrom("inbox").select(["id", "name"]).execute();
  const user = (who: string) => users.find((u) => u.email === `${who}@demo.test`)!.id;
  const inbox = (name: string) => inboxes.find((i) => i.name === name)!.id;
  return {
    token: { admin, alice, bob },
    userId: { admin: user("admin"), alice: user("alice"), bob: user("bob") },
    mainLine: inbox("Main line"),
    supportLine: inbox("Support line"),
  };
}

const tables = ["user", "apiToken", "inbox", "inboxMember", "contact", "conversation", "message", "note", "template", "event"] as const;

/** Row count of every table, plus the contents of the tables a request may change. */
export async function snapshot(server: TestServer) {
  const { db } = server.app.ctx.database;
  const counts: Record<string, number> = {};
  for (const t of tables) counts[t] = Number((await db.selectFrom(t).select(db.fn.countAll().as("n")).executeTakeFirstOrThrow()).n);
  // The delivery worker moves earlier sends along meanwhile (message.updated); that is not the request's doing.
  // Counted in one query: on PostgreSQL the worker runs concurrently, so two counts could straddle its write.
  counts.event = Number((await db.selectFrom("event").select(db.fn.countAll().as("n")).where("type", "<>", "message.updated").executeTakeFirstOrThrow()).n);
  const conversations = JSON.stringify(await db.selectFrom("conversation").selectAll().orderBy("id").execute());
  // An inbound's language is recorded on its contact after the webhook is answered (server/ai): background work too.
  const contacts = JSON.stringify((await db.selectFrom("contact").selectAll().orderBy("id").execute()).map(({ language: _, ...c }) => c));
  const templates = JSON.stringify(await db.selectFrom("template").selectAll().orderBy("id").execute());
  return { counts, conversations, contacts, templates };
}

/** Events written after `seq`, oldest first, with their data parsed. */
export async function eventsAfter(server: TestServer, seq: number) {
  const { db } = server.app.ctx.database;
  // The feed position: pos on PostgreSQL (given after commit), seq on SQLite.
  const position = positionColumn(db);
  const rows = await db.selectFrom("event").selectAll().where(position, ">", seq).orderBy(position).execute();
  return rows.map((r) => ({ ...r, seq: positionOf(r), data: JSON.parse(r.data) }));
}

export async function headSeq(server: TestServer): Promise<number> {
  const { db } = server.app.ctx.database;
  return feedHead(db);
}

/** The id of the conversation with the contact named `name` in an inbox. */
export async function conversationWith(server: TestServer, inboxId: string, name: string): Promise<string> {
  const { db } = server.app.ctx.database;
  const row = await db
    .selectFrom("conversation")
    .innerJoin("contact", "contact.id", "conversation.contactId")
    .select("conversation.id")
    .where("conversation.inboxId", "=", inboxId)
    .where("contact.name", "=", name)
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * Events a request wrote after `seq`. The delivery worker moves sent messages along on its own schedule
 * (message.updated), so those are left out: they are not the request's doing.
 */
export async function eventsOfRequest(server: TestServer, seq: number) {
  return (await eventsAfter(server, seq)).filter((e) => e.type !== "message.updated");
}
