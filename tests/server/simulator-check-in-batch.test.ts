// Issue 14 (ingest cost): the simulator's check (an inbox on a real carrier, or a number that texts one, is
// refused) runs inside the transaction that stores the text, read by the ingest store with the rest of it, so a
// simulated text costs no query of its own. A text with files is checked before its fetch job is queued.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startServer, type TestServer } from "../support/server";
import { queryRows } from "../support/test-database";
import { snapshot, workspace, type Workspace } from "./support/workspace";
import { ACCOUNT_SID, AUTH_TOKEN, deliver, inboundParams, signedTwilioPost } from "./carriers/twilio-payloads";

// The separate query the simulator made before every text; counted, not replaced.
const scopeQueries = vi.hoisted(() => ({ count: 0 }));
vi.mock("../../server/simulator/simulator.repository", async (importOriginal) => {
  const original = await importOriginal<typeof import("../../server/simulator/simulator.repository")>();
  return {
    ...original,
    simulatorScope: (...args: Parameters<typeof original.simulatorScope>) => {
      scopeQueries.count++;
      return original.simulatorScope(...args);
    },
  };
});

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
  const hook = await deliver(
    s.url,
    signedTwilioPost(`${PUBLIC_URL}/webhooks/twilio/${twilioInbox}`, inboundParams({ from: REAL_CUSTOMER, to: TWILIO_NUMBER, body: "Is my order ready?" })),
  );
  expect(hook.status).toBe(200);
});
afterAll(() => s.close());

const textIn = (json: Record<string, unknown>) => s.call("POST", "/v1/simulator/inbound", { token: w.token.alice, json });

describe("the simulator's check", () => {
  it("runs in the ingest transaction: texts arriving together are stored or refused each, with no query of their own", async () => {
    scopeQueries.count = 0;
    const allowed = Array.from({ length: 12 }, (_, i) => `+1415555${String(2100 + i)}`);
    const answers = await Promise.all([
      ...allowed.map((from) => textIn({ inboxId: w.mainLine, from, body: `hello from ${from}` })),
      textIn({ inboxId: w.mainLine, from: REAL_CUSTOMER, body: "STOP" }),
      textIn({ inboxId: twilioInbox, from: "+14155552199", body: "STOP" }),
      textIn({ inboxId: "inbox_missing", from: "+14155552198", body: "hi" }),
    ]);
    expect(answers.map((a) => a.status)).toEqual([...allowed.map(() => 201), 403, 403, 404]);
    expect(answers[12].body.error.message).toBe(`The simulator cannot text as ${REAL_CUSTOMER}: that number is a customer of an inbox on a real carrier`);
    expect(answers[13].body.error.message).toMatch(/^The simulator is off for Front desk: it is on twilio/);
    expect(scopeQueries.count).toBe(0);
    // The refused ones wrote nothing: no contact for the new number, the real customer is still opted in.
    const contacts = await queryRows<{ phoneNumber: string; optedOutAt: string | null }>(
      s.dbFile,
      "select phoneNumber, optedOutAt from contact where phoneNumber in (?, ?, ?)",
      REAL_CUSTOMER,
      "+14155552199",
      "+14155552198",
    );
    expect(contacts).toEqual([{ phoneNumber: REAL_CUSTOMER, optedOutAt: null }]);
    const stored = await queryRows<{ n: number }>(
      s.dbFile,
      `select count(*) as n from message m join contact c on c.id = m.contactId where c.phoneNumber in (${allowed.map(() => "?").join(",")})`,
      ...allowed,
    );
    expect(stored[0].n).toBe(allowed.length);
  });

  it("checks a text with files before its fetch job is queued: refused, nothing written", async () => {
    scopeQueries.count = 0;
    const before = await snapshot(s);
    const jobs = await queryRows<{ n: number }>(s.dbFile, "select count(*) as n from inboundMediaFetch");
    const res = await textIn({ inboxId: twilioInbox, from: "+14155552197", body: "a photo", mediaUrls: ["https://media.example.com/photo.jpg"] });
    expect(res.status).toBe(403);
    expect(scopeQueries.count).toBe(1);
    expect(await snapshot(s)).toEqual(before);
    expect(await queryRows<{ n: number }>(s.dbFile, "select count(*) as n from inboundMediaFetch")).toEqual(jobs);
  });

  it("finds a contact's conversations through an index of their own (migration 330)", async () => {
    const rows = await queryRows<{ name: string }>(
      s.dbFile,
      s.app.ctx.database.dialect === "postgres"
        ? "select indexname as name from pg_indexes where tablename = 'conversation' and indexdef like '%(\"contactId\")'"
        : "select name from pragma_index_list('conversation') where name = 'conversation_contact'",
    );
    expect(rows.map((r) => r.name)).toEqual(["conversation_contact"]);
  });
});
