// Issue 12 item 1: the simulator makes customer texts no carrier sent, so it serves simulator inboxes only
// and never speaks as a customer of a real inbox (a forged STOP would opt them out everywhere).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeSimulatorMode, simulatorMode } from "../../server/simulator/simulator.service";
import { startServer, type TestServer } from "../support/server";
import { snapshot, workspace, type Workspace } from "./support/workspace";
import { ACCOUNT_SID, AUTH_TOKEN, deliver, inboundParams, signedTwilioPost } from "./carriers/twilio-payloads";

const PUBLIC_URL = "https://sidetext.example.com";
const TWILIO_NUMBER = "+14155550177";
const REAL_CUSTOMER = "+14155550190";
let s: TestServer;
let w: Workspace;
let twilioInbox: string;

beforeAll(async () => {
  s = await startServer({ publicUrl: PUBLIC_URL });
  w = await workspace(s);
  const res = await s.call("POST", "/v1/inboxes", {
    token: w.token.admin,
    json: {
      name: "Front desk",
      phoneNumber: TWILIO_NUMBER,
      carrier: "twilio",
      credentials: { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN },
      memberIds: [w.userId.admin, w.userId.alice],
    },
  });
  twilioInbox = res.body.inbox.id;
  // A real customer texts the Twilio inbox (a signed webhook, as Twilio sends it).
  const hook = await deliver(
    s.url,
    signedTwilioPost(`${PUBLIC_URL}/webhooks/twilio/${twilioInbox}`, inboundParams({ from: REAL_CUSTOMER, to: TWILIO_NUMBER, body: "Is my order ready?" })),
  );
  expect(hook.status).toBe(200);
});
afterAll(() => s.close());

const textIn = (inboxId: string, from: string, body: string) =>
  s.call("POST", "/v1/simulator/inbound", { token: w.token.alice, json: { inboxId, from, body } });

describe("POST /v1/simulator/inbound", () => {
  it("refuses an inbox on Twilio with 403, saying why, and writes nothing", async () => {
    const before = await snapshot(s);
    const res = await textIn(twilioInbox, "+14155550191", "STOP");
    expect(res.status).toBe(403);
    expect(res.body.error).toEqual({
      code: "forbidden",
      message: "The simulator is off for Front desk: it is on twilio, so only texts twilio delivers (signed webhooks) come in",
    });
    expect(await snapshot(s)).toEqual(before);
  });

  it("refuses to text a simulator inbox as a customer of the Twilio inbox: no forged STOP opts them out", async () => {
    const before = await snapshot(s);
    const res = await textIn(w.mainLine, REAL_CUSTOMER, "STOP");
    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe(`The simulator cannot text as ${REAL_CUSTOMER}: that number is a customer of an inbox on a real carrier`);
    expect(await snapshot(s)).toEqual(before);
    const lookup = await s.call("GET", `/v1/lookup?phone=${encodeURIComponent(REAL_CUSTOMER)}`, { token: w.token.alice });
    expect(lookup.body.contact.optedOutAt).toBeNull();
  });

  it("still makes texts in simulator inboxes from other numbers", async () => {
    const res = await textIn(w.mainLine, "+14155550192", "Hello from the demo");
    expect(res.status).toBe(201);
    expect(res.body.message).toMatchObject({ inboxId: w.mainLine, direction: "inbound", body: "Hello from the demo" });
  });

  it("answers 404 for an inbox the user is not a member of, as before", async () => {
    const res = await s.call("POST", "/v1/simulator/inbound", { token: w.token.bob, json: { inboxId: twilioInbox, from: "+14155550193", body: "hi" } });
    expect(res.status).toBe(404);
  });
});

describe("the start-up log line", () => {
  it("says how many inboxes the simulator serves and how many it is off for", async () => {
    const mode = await simulatorMode(s.app.ctx.database.db, true);
    expect(mode).toEqual({ on: true, simulatorInboxes: 4, realInboxes: 1 });
    expect(describeSimulatorMode(mode, true)).toBe("Simulator: on for 4 simulator inboxes; off for 1 inbox on a real carrier");
    expect(describeSimulatorMode(mode, false)).toBe("Simulator: off (SIDETEXT_SIMULATOR=off or NODE_ENV=production)");
    expect(describeSimulatorMode({ on: false, simulatorInboxes: 0, realInboxes: 2 }, true)).toBe(
      "Simulator: off (no simulator inboxes; off for 2 inboxes on a real carrier)",
    );
  });
});
