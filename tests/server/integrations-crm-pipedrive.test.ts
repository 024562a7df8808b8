// Pipedrive through the real `pipedrive` package against a strict fake: connecting creates the "SMS"
// activity type once, the person is found by phone in the format Pipedrive holds, each text is a done SMS
// activity with the person as participant, a note is a note on the person, and a bad token is refused.
import { afterAll, beforeAll, expect, it } from "vitest";
import { startServer, type TestServer } from "../support/server";
import { startFakePipedrive, type FakePipedrive } from "../support/fakes/pipedrive";
import { workspace, type Workspace } from "./support/workspace";

let s: TestServer;
let w: Workspace;
let pd: FakePipedrive;
const waitFor = async <T>(what: () => Promise<T | undefined | null | false>, ms = 10_000): Promise<T> => {
  const until = Date.now() + ms;
  for (;;) {
    const value = await what();
    if (value) return value;
    if (Date.now() > until) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 50));
  }
};

beforeAll(async () => {
  pd = await startFakePipedrive();
  pd.persons.push({ id: 42, name: "Marta Kowalski", phones: ["+1 646 555 0142"], owner: { id: 7 }, organization: { id: 3, name: "Kowalski Bakery" } });
  pd.users.push({ id: 7, name: "Bob Ng", email: "Bob@demo.test" });
  s = await startServer();
  w = await workspace(s);
});
afterAll(async () => {
  await s?.close();
  await pd?.close();
});

it("refuses a token Pipedrive refuses (400) and creates no activity type", async () => {
  const res = await s.call("POST", "/v1/integrations/crm", {
    token: w.token.admin,
    json: { provider: "pipedrive", apiBase: pd.url, credentials: { apiToken: "ffffffffffffffffffffffffffffffffffffffff" } },
  });
  expect(res.status).toBe(400);
  expect(res.body.error.message).toMatch(/Pipedrive refused the credentials \(401\)/);
  expect(pd.activityTypes.map((t) => t.name)).toEqual(["Call"]);
});

it("creates the SMS activity type on connect, then logs texts as SMS activities and notes as notes on the person", async () => {
  const res = await s.call("POST", "/v1/integrations/crm", {
    token: w.token.admin,
    json: { provider: "pipedrive", apiBase: pd.url, credentials: { apiToken: pd.token } },
  });
  expect(res.status).toBe(201);
  expect(pd.activityTypes.find((t) => t.name === "SMS")).toMatchObject({ key_string: "sms", icon_key: "bubble" });

  await s.call("POST", "/v1/simulator/inbound", {
    token: w.token.alice,
    json: { inboxId: w.mainLine, from: "+16465550142", body: "Do you deliver on Sundays?" },
  });
  const [activity] = await waitFor(async () => pd.activities.size > 0 && [...pd.activities.values()]);
  expect(activity).toMatchObject({ subject: "Incoming SMS", type: "sms", done: true, participants: [{ person_id: 42, primary: true }] });
  expect(activity.note).toMatch(/Do you deliver on Sundays\?$/);
  const terms = pd.requests.filter((r) => r.path === "/api/v2/persons/search").map((r) => r.query.get("term"));
  expect(terms).toContain("+1 646 555 0142");

  const lookup = (await s.call("GET", "/v1/lookup?phone=%2B16465550142", { token: w.token.alice })).body;
  expect(lookup.contact).toMatchObject({
    name: "Marta Kowalski",
    // crmOwnerEmail: the owner's email (v1 users), for rules that assign to the record's owner.
    attributes: { company: "Kowalski Bakery", crmOwnerId: "7", crmOwnerEmail: "bob@demo.test", crmUrl: "https://app.pipedrive.com/person/42" },
  });
  const noted = await s.call("POST", `/v1/conversations/${lookup.conversations[0].id}/notes`, {
    token: w.token.alice,
    json: { body: "Regular customer, offer the Sunday slot" },
  });
  expect(noted.status).toBe(201);
  const [note] = await waitFor(async () => pd.notes.size > 0 && [...pd.notes.values()]);
  expect(note).toMatchObject({ person_id: 42 });
  expect(note.content).toMatch(/Regular customer, offer the Sunday slot$/);
});
