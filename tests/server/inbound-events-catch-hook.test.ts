// The catch hook: an admin makes a source with a JSONPath mapping; the tool POSTs its own JSON (here a
// Calendly-like invitee.created payload) to the URL without signing in; the mapped contact and event are
// recorded, a resend of the same payload is one event, a wrong secret is a 404, an unmappable payload a 400.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type TestServer } from "../support/server";
import { workspace, type Workspace } from "./support/workspace";

let s: TestServer;
let w: Workspace;
let url = "";
beforeAll(async () => {
  s = await startServer();
  w = await workspace(s);
});
afterAll(async () => s?.close());

const mapping = {
  type: "appointment.booked",
  phone: "$.payload.questions_and_answers[?(@.question==='Phone')].answer",
  name: "$.payload.name",
  idempotencyKey: "$.payload.uri",
  occurredAt: "$.created_at",
  attributes: { appointment: "$.payload.scheduled_event.name" },
};
const payload = (uri: string, phone = "415-555-0171") => ({
  event: "invitee.created",
  created_at: "2026-11-30T15:00:00.000Z",
  payload: {
    uri,
    name: "Sam Ortiz",
    scheduled_event: { name: "Roof inspection", start_time: "2026-12-03T09:00:00.000Z" },
    questions_and_answers: [
      { question: "Address", answer: "12 Pine St" },
      { question: "Phone", answer: phone },
    ],
  },
});
const post = (path: string, json: unknown) => fetch(path, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(json) });

describe("catch hook", () => {
  it("is made by admins only, with the URL shown once", async () => {
    expect((await s.call("POST", "/v1/hook-sources", { token: w.token.alice, json: { name: "Calendly", mapping } })).status).toBe(403);
    const res = await s.call("POST", "/v1/hook-sources", { token: w.token.admin, json: { name: "Calendly", mapping } });
    expect(res.status).toBe(201);
    url = res.body.url;
    expect(url).toMatch(/\/v1\/hooks\/hks_[^/]+\/[A-Za-z0-9_-]{32}$/);
    expect(JSON.stringify((await s.call("GET", "/v1/hook-sources", { token: w.token.admin })).body)).not.toContain(url.split("/").at(-1));
  });

  it("maps a tool's own JSON by JSONPath to the contact and an event, without sign-in", async () => {
    const res = await post(url, payload("https://api.calendly.com/invitees/A1"));
    expect(res.status).toBe(201);
    const { event } = await res.json();
    expect(event).toMatchObject({ type: "appointment.booked", occurredAt: "2026-11-30T15:00:00.000Z", idempotencyKey: expect.stringContaining("invitees/A1") });
    expect(event.data.payload.scheduled_event.name).toBe("Roof inspection");
    const contact = await s.app.ctx.database.db.selectFrom("contact").selectAll().where("phoneNumber", "=", "+14155550171").executeTakeFirstOrThrow();
    expect(contact.name).toBe("Sam Ortiz");
    expect(JSON.parse(contact.attributes)).toEqual({ appointment: "Roof inspection" });
  });

  it("records a resent payload once (its mapped idempotency key)", async () => {
    const again = await post(url, payload("https://api.calendly.com/invitees/A1"));
    expect(again.status).toBe(200);
    const n = await (s.app.ctx.database.db as any)
      .selectFrom("contactEvent")
      .select((eb: any) => eb.fn.countAll().as("n"))
      .executeTakeFirst();
    expect(Number(n.n)).toBe(1);
  });

  it("answers 404 for a wrong secret and 400 naming the field for a payload without a phone", async () => {
    expect((await post(url.replace(/[^/]+$/, "x".repeat(32)), payload("u2"))).status).toBe(404);
    const res = await post(url, { event: "invitee.created", payload: { uri: "u3", name: "No Phone" } });
    expect(res.status).toBe(400);
    expect((await res.json()).error.message).toMatch(/contact\.phone/);
  });
});
