import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LookupResponse } from "../../src/protocol/api";
import { startServer, type TestServer } from "../support/server";
import { snapshot, workspace, type Workspace } from "./support/workspace";

let s: TestServer;
let w: Workspace;
beforeAll(async () => {
  s = await startServer();
  w = await workspace(s);
});
afterAll(() => s.close());

const lookup = async (query: string, token = w.token.alice) => {
  const res = await s.call("GET", `/v1/lookup?${query}`, { token });
  expect(res.status).toBe(200);
  return LookupResponse.parse(res.body);
};

describe("GET /v1/lookup", () => {
  it.each(["(212) 555-0134", "212.555.0134", "+1 212 555 0134", "2125550134"])("finds the contact for %s", async (raw) => {
    const found = await lookup(`phone=${encodeURIComponent(raw)}`);
    expect(found.phone).toBe("+12125550134");
    expect(found.contact?.name).toBe("James Wilson");
    expect(found.conversations.map((c) => c.inboxId)).toEqual([w.mainLine]);
  });

  it("answers every conversation the user may see for the number", async () => {
    const found = await lookup("phone=4155550123");
    expect(found.conversations.map((c) => c.inboxId).sort()).toEqual([w.mainLine, w.supportLine].sort());
  });

  it("answers an unknown number with its E.164 form and nothing else", async () => {
    expect(await lookup("phone=(415)%20555-0999")).toEqual({ phone: "+14155550999", contact: null, conversations: [] });
  });

  it("answers a contact nobody has texted yet", async () => {
    const found = await lookup("phone=917-555-0109", w.token.bob);
    expect(found.contact?.name).toBe("Zoe Scott");
    expect(found.conversations).toEqual([]);
  });

  it("reads a national number with the given country", async () => {
    expect((await lookup("phone=020%207946%200018&country=gb")).phone).toBe("+442079460018");
  });

  it("refuses a string that is not a possible phone number with 400 and writes nothing", async () => {
    const before = await snapshot(s);
    const res = await s.call("GET", "/v1/lookup?phone=12", { token: w.token.alice });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("validation_failed");
    expect(await snapshot(s)).toEqual(before);
  });
});
