// The compiled rule set (server/automations/rule-set.ts): kept in memory while no rule changes, and compiled
// again for the next text after any change, whoever made it: the API, a raw edit in the database, or (on
// PostgreSQL) another instance.
import { afterAll, describe, expect, it } from "vitest";
import { startServer, tempDbFile, waitFor, type TestServer } from "../support/server";
import { createPostgresDatabase, onPostgres } from "../support/test-database";
import { workspace, type Workspace } from "./support/workspace";
import { automationCursor } from "../../server/automations/automations.repository";
import { ruleSetOf } from "../../server/automations/rule-set";
import { feedHead } from "../../server/push/push-jobs.repository";

const servers: TestServer[] = [];
afterAll(async () => {
  for (const s of servers) await s.close();
});
let phone = 5550300;

/** A text from a new number through `via`; once every engine has read it, the notes rules added to its conversation. */
async function notesOnText(via: TestServer, w: Workspace): Promise<string[]> {
  const res = await via.call("POST", "/v1/simulator/inbound", { token: w.token.alice, json: { inboxId: w.mainLine, from: `+1415${phone++}`, body: "hello" } });
  expect(res.status).toBe(201);
  const { db } = via.app.ctx.database;
  await waitFor("the engine to catch up", async () => (await automationCursor(db)) >= (await feedHead(db)));
  const notes = await db
    .selectFrom("note")
    .select("body")
    .where("conversationId", "=", res.body.message.conversationId)
    .where("authorId", "=", "automation")
    .execute();
  return notes.map((n) => n.body).sort();
}

const noteRule = (body: string) => ({ name: "Note every text", trigger: { type: "message.inbound" }, actions: [{ type: "addNote", body }] });

describe("the compiled rule set", () => {
  it("is kept while nothing changes and follows every change to the next text", { timeout: 60_000 }, async () => {
    const server = await startServer();
    servers.push(server);
    const w = await workspace(server);
    const api = (method: string, path: string, json?: unknown) => server.call(method, path, { token: w.token.admin, json });
    const created = await api("POST", "/v1/automations/rules", noteRule("first"));
    expect(created.status).toBe(201);
    const id = created.body.rule.id as string;
    expect(await notesOnText(server, w)).toEqual(["first"]);
    // Nothing changed: the same compiled set, not a new read.
    const kept = await ruleSetOf(server.app.ctx);
    expect(await ruleSetOf(server.app.ctx)).toBe(kept);

    expect((await api("PATCH", `/v1/automations/rules/${id}`, { actions: [{ type: "addNote", body: "edited" }] })).status).toBe(200);
    expect(await ruleSetOf(server.app.ctx)).not.toBe(kept);
    expect(await notesOnText(server, w)).toEqual(["edited"]);

    expect((await api("PATCH", `/v1/automations/rules/${id}`, { enabled: false })).status).toBe(200);
    expect(await notesOnText(server, w)).toEqual([]);

    // Straight in the database, past the API (a script, an old client): the table's triggers count it too.
    const { db } = server.app.ctx.database;
    await db
      .updateTable("automationRule" as never)
      .set({ enabled: 1 } as never)
      .where("id" as never, "=", id as never)
      .execute();
    expect(await notesOnText(server, w)).toEqual(["edited"]);

    const second = await api("POST", "/v1/automations/rules", noteRule("second"));
    expect(second.status).toBe(201);
    expect(await notesOnText(server, w)).toEqual(["edited", "second"]);

    expect((await api("DELETE", `/v1/automations/rules/${id}`)).status).toBe(204);
    expect(await notesOnText(server, w)).toEqual(["second"]);
  });

  it.skipIf(!onPostgres)("an edit on one instance applies to the next text on another (PostgreSQL)", { timeout: 90_000 }, async () => {
    const url = await createPostgresDatabase(tempDbFile());
    const [one, two] = [await startServer({ databaseUrl: url }), await startServer({ databaseUrl: url, seed: "none" })];
    servers.push(one, two);
    const w = await workspace(one);
    const created = await one.call("POST", "/v1/automations/rules", { token: w.token.admin, json: noteRule("before") });
    expect(created.status).toBe(201);
    expect(await notesOnText(two, w)).toEqual(["before"]);
    // Both instances hold the set compiled with "before".
    const held = await ruleSetOf(two.app.ctx);
    await ruleSetOf(one.app.ctx);

    const edit = await one.call("PATCH", `/v1/automations/rules/${created.body.rule.id}`, {
      token: w.token.admin,
      json: { actions: [{ type: "addNote", body: "after" }] },
    });
    expect(edit.status).toBe(200);
    expect((await ruleSetOf(two.app.ctx)).enabled[0].actions).toEqual([{ type: "addNote", body: "after" }]);
    expect(await ruleSetOf(two.app.ctx)).not.toBe(held);
    // Whichever instance's engine reads it, the text gets the edited rule.
    expect(await notesOnText(two, w)).toEqual(["after"]);
    expect(await notesOnText(one, w)).toEqual(["after"]);
  });
});
