// Issue 18: HQ's brand templates pushed to locations, locked but for the slots HQ marks editable; each
// location sees its copy as a template of its inboxes; HQ sees which locations changed their slots.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type TestServer } from "../support/server";
import { organisation, type Organisation, type Who } from "./support/organisation";
import { snapshot } from "./support/workspace";

let s: TestServer;
let o: Organisation;
let brandId: string;
beforeAll(async () => {
  s = await startServer();
  o = await organisation(s);
});
afterAll(() => s.close());

const as = (who: Who, method: string, path: string, json?: unknown) => s.call(method, path, { token: o.token[who], json });
const hours = {
  name: "Opening hours",
  body: "Hi {{contact.firstName}}, we're open {{location.hours}}. {{signoff}}",
  slots: [
    { name: "location.hours", label: "Opening hours", default: "Mon–Fri 9–5" },
    { name: "signoff", label: "Sign-off", default: "— The team" },
  ],
  shortcut: "hours",
};
const templateNamed = async (who: Who, name: string) =>
  ((await as(who, "GET", "/v1/templates")).body.templates as Array<{ id: string; name: string; body: string; inboxId: string }>).filter((t) => t.name === name);

describe("brand templates", () => {
  it("HQ pushes one to Downtown and the Airport: their people see it in their inboxes, Uptown's do not", async () => {
    const res = await as("otto", "POST", "/v1/brand-templates", { ...hours, locationIds: [o.location.downtown, o.location.airport] });
    expect(res.status).toBe(201);
    brandId = res.body.brandTemplate.id;
    expect(res.body.brandTemplate.copies.map((c: { locationName: string; changedSlots: string[] }) => [c.locationName, c.changedSlots])).toEqual([
      ["Airport", []],
      ["Downtown", []],
    ]);
    const bob = await templateNamed("bob", "Opening hours");
    expect(bob.map((t) => [t.inboxId, t.body])).toEqual([[o.inbox.main, "Hi {{contact.firstName}}, we're open Mon–Fri 9–5. — The team"]]);
    expect(await templateNamed("uma", "Opening hours")).toEqual([]);
    expect((await templateNamed("carl", "Opening hours")).map((t) => t.inboxId)).toEqual([o.inbox.airport]);
  });

  it("a location admin fills an editable slot: their location's copy changes, the other's does not, and HQ sees the change", async () => {
    const res = await as("ari", "PATCH", `/v1/locations/${o.location.airport}/brand-templates/${brandId}`, {
      slots: { "location.hours": "every day 5am–11pm" },
    });
    expect(res.status).toBe(200);
    expect(res.body.brandTemplate.rendered).toBe("Hi {{contact.firstName}}, we're open every day 5am–11pm. — The team");
    expect((await templateNamed("carl", "Opening hours"))[0].body).toBe("Hi {{contact.firstName}}, we're open every day 5am–11pm. — The team");
    expect((await templateNamed("bob", "Opening hours"))[0].body).toBe("Hi {{contact.firstName}}, we're open Mon–Fri 9–5. — The team");
    const hq = (await as("admin", "GET", "/v1/brand-templates")).body.brandTemplates[0];
    expect(hq.copies.map((c: { locationName: string; changedSlots: string[] }) => [c.locationName, c.changedSlots])).toEqual([
      ["Airport", ["location.hours"]],
      ["Downtown", []],
    ]);
  });

  it("keeps the rest locked: no slot HQ did not offer, no edit of the copy, no other location's copy — and changes nothing", async () => {
    const before = await snapshot(s);
    const locked = await as("ari", "PATCH", `/v1/locations/${o.location.airport}/brand-templates/${brandId}`, { slots: { greeting: "Yo" } });
    expect(locked.status).toBe(400);
    expect(locked.body.error.message).toBe('slots: greeting is not editable: HQ locks the rest of "Opening hours"');
    const [copy] = await templateNamed("ari", "Opening hours");
    const edit = await as("ari", "PATCH", `/v1/templates/${copy.id}`, { body: "Anything goes" });
    expect(edit.status).toBe(409);
    expect((await as("otto", "DELETE", `/v1/templates/${copy.id}`)).status).toBe(409);
    expect((await as("ari", "PATCH", `/v1/locations/${o.location.downtown}/brand-templates/${brandId}`, { slots: { signoff: "x" } })).status).toBe(404);
    expect((await as("carl", "PATCH", `/v1/locations/${o.location.airport}/brand-templates/${brandId}`, { slots: { signoff: "x" } })).status).toBe(403);
    expect((await as("lars", "POST", "/v1/brand-templates", hours)).status).toBe(403);
    const injected = await as("ari", "PATCH", `/v1/locations/${o.location.airport}/brand-templates/${brandId}`, { slots: { signoff: "{{contact.phone}}" } });
    expect(injected.status).toBe(400);
    expect(await snapshot(s)).toEqual(before);
  });

  it("a new version reaches every copy, keeps the slots locations filled, and pushing to Uptown adds its copy", async () => {
    const res = await as("otto", "PATCH", `/v1/brand-templates/${brandId}`, {
      body: "Hello {{contact.firstName}}! Hours: {{location.hours}}. {{signoff}}",
      locationIds: [o.location.downtown, o.location.airport, o.location.uptown],
    });
    expect(res.status).toBe(200);
    expect(res.body.brandTemplate.version).toBe(2);
    expect((await templateNamed("carl", "Opening hours")).map((t) => t.body).sort()).toEqual([
      "Hello {{contact.firstName}}! Hours: Mon–Fri 9–5. — The team",
      "Hello {{contact.firstName}}! Hours: every day 5am–11pm. — The team",
    ]);
    const uptown = (await as("uma", "GET", `/v1/locations/${o.location.uptown}/brand-templates`)).body.brandTemplates;
    expect(uptown.map((b: { name: string; version: number }) => [b.name, b.version])).toEqual([["Opening hours", 2]]);
    expect((await as("uma", "GET", `/v1/locations/${o.location.downtown}/brand-templates`)).status).toBe(404);
  });

  it("a new inbox of a location gets the location's copy", async () => {
    const made = await as("ari", "POST", "/v1/inboxes", { name: "Airport returns", phoneNumber: "+16505550177", carrier: "simulator" });
    expect(made.status).toBe(201);
    const copies = (await templateNamed("ari", "Opening hours")).filter((t) => t.inboxId === made.body.inbox.id);
    expect(copies.map((t) => t.body)).toEqual(["Hello {{contact.firstName}}! Hours: every day 5am–11pm. — The team"]);
  });

  it("dropping a location removes its copy from its inboxes", async () => {
    expect((await as("otto", "PATCH", `/v1/brand-templates/${brandId}`, { locationIds: [o.location.downtown] })).status).toBe(200);
    expect(await templateNamed("carl", "Opening hours")).toEqual([]);
    expect(await templateNamed("ari", "Opening hours")).toEqual([]);
    expect(await templateNamed("bob", "Opening hours")).toHaveLength(1);
  });
});
