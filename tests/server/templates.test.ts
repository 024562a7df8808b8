import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TemplateResponse, TemplatesResponse } from "../../src/protocol/api";
import { startServer, type TestServer } from "../support/server";
import { eventsOfRequest, headSeq, snapshot, workspace, type Workspace } from "./support/workspace";

let s: TestServer;
let w: Workspace;
beforeAll(async () => {
  s = await startServer();
  w = await workspace(s);
});
afterAll(() => s.close());

const templates = async (token: string) => TemplatesResponse.parse((await s.call("GET", "/v1/templates", { token })).body).templates;
const create = (json: unknown, token = w.token.admin) => s.call("POST", "/v1/templates", { token, json });

describe("GET /v1/templates", () => {
  it("lists workspace templates and those of the user's inboxes", async () => {
    expect((await templates(w.token.alice)).map((t) => t.name)).toEqual(["Follow-up", "Greeting", "Password reset", "Quote ready", "Thanks"]);
    expect((await templates(w.token.bob)).map((t) => t.name)).toEqual(["Follow-up", "Greeting", "Quote ready", "Thanks"]);
  });
});

describe("POST /v1/templates", () => {
  it("creates a template for an admin (201) with one template.created event", async () => {
    const seq = await headSeq(s);
    const res = await create({ name: "Hours", body: "We are open 9 to 5, {{contact.firstName}}.", shortcut: "hours" });
    expect(res.status).toBe(201);
    const { template } = TemplateResponse.parse(res.body);
    expect(template).toMatchObject({ name: "Hours", inboxId: null, shortcut: "hours" });
    const events = await eventsOfRequest(s, seq);
    expect(events.map((e) => [e.type, e.actorId, e.data])).toEqual([["template.created", w.userId.admin, template]]);
    expect((await templates(w.token.bob)).map((t) => t.id)).toContain(template.id);
  });

  it("scopes a template to an inbox: only its members see it", async () => {
    const { template } = (await create({ name: "Support hours", body: "Support answers within a day.", inboxId: w.supportLine })).body;
    expect((await templates(w.token.alice)).map((t) => t.id)).toContain(template.id);
    expect((await templates(w.token.bob)).map((t) => t.id)).not.toContain(template.id);
  });

  it("refuses an agent with 403 forbidden and writes nothing", async () => {
    const before = await snapshot(s);
    const res = await create({ name: "Mine", body: "Hello" }, w.token.alice);
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe("forbidden");
    expect(await snapshot(s)).toEqual(before);
  });
});

describe("PATCH /v1/templates/:id", () => {
  it("changes the given fields with one template.updated event", async () => {
    const { template } = (await create({ name: "Draft", body: "Hi" })).body;
    const seq = await headSeq(s);
    const res = await s.call("PATCH", `/v1/templates/${template.id}`, { token: w.token.admin, json: { body: "Hi there", shortcut: null } });
    expect(res.status).toBe(200);
    expect(res.body.template).toMatchObject({ id: template.id, name: "Draft", body: "Hi there", shortcut: null });
    expect((await eventsOfRequest(s, seq)).map((e) => [e.type, e.data.body])).toEqual([["template.updated", "Hi there"]]);
  });

  it("writes no event when nothing changes", async () => {
    const { template } = (await create({ name: "Same", body: "Same" })).body;
    const seq = await headSeq(s);
    expect((await s.call("PATCH", `/v1/templates/${template.id}`, { token: w.token.admin, json: { name: "Same" } })).status).toBe(200);
    expect(await eventsOfRequest(s, seq)).toEqual([]);
  });

  it("tells a move to another inbox as a delete and a new template, so every cache converges", async () => {
    const { template } = (await create({ name: "Moving", body: "Hi" })).body;
    const seq = await headSeq(s);
    const res = await s.call("PATCH", `/v1/templates/${template.id}`, { token: w.token.admin, json: { inboxId: w.supportLine } });
    expect(res.body.template).toMatchObject({ name: "Moving", inboxId: w.supportLine });
    expect(res.body.template.id).not.toBe(template.id);
    expect((await eventsOfRequest(s, seq)).map((e) => [e.type, e.data.id, e.inboxId])).toEqual([
      ["template.deleted", template.id, null],
      ["template.created", res.body.template.id, w.supportLine],
    ]);
  });

  it("refuses an agent with 403 and an unknown template with 404", async () => {
    const { template } = (await create({ name: "Locked", body: "Hi" })).body;
    expect((await s.call("PATCH", `/v1/templates/${template.id}`, { token: w.token.bob, json: { name: "Mine" } })).status).toBe(403);
    const missing = await s.call("PATCH", "/v1/templates/tpl_nope", { token: w.token.admin, json: { name: "X" } });
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe("not_found");
  });
});

describe("DELETE /v1/templates/:id", () => {
  it("deletes (204) with one template.deleted event carrying the template", async () => {
    const { template } = (await create({ name: "Old", body: "Bye" })).body;
    const seq = await headSeq(s);
    const res = await s.call("DELETE", `/v1/templates/${template.id}`, { token: w.token.admin });
    expect(res.status).toBe(204);
    expect((await eventsOfRequest(s, seq)).map((e) => [e.type, e.data])).toEqual([["template.deleted", template]]);
    expect((await templates(w.token.admin)).map((t) => t.id)).not.toContain(template.id);
  });

  it("refuses an agent with 403 and keeps the template", async () => {
    const { template } = (await create({ name: "Keep", body: "Hi" })).body;
    const res = await s.call("DELETE", `/v1/templates/${template.id}`, { token: w.token.alice });
    expect(res.status).toBe(403);
    expect((await templates(w.token.alice)).map((t) => t.id)).toContain(template.id);
  });
});
