// Item 18 of the hardening issue: no sign-in to a remote server over plain http:// (the password and the
// customers' texts would cross the network unencrypted); this machine (localhost, 127.0.0.1, [::1]) excepted.
import "../support/extension-env";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { refusedServerReason } from "../../src/sync/server-url";
import { startHarness, type Harness } from "../support/engine-harness";
import { FakeInbox, me } from "../support/fake-inbox";
import { createCommandRouter, popupSender, workerContext } from "../support/worker-harness";
import { fakeBrowser } from "../support/extension-env";

let inbox: FakeInbox;
let h: Harness;
beforeEach(() => {
  fakeBrowser.reset();
  inbox = new FakeInbox();
  h = startHarness(inbox);
});
afterEach(() => h.engine.stop());

describe("the server address at sign-in", () => {
  it.each(["http://inbox.example.com", "http://192.168.1.20:8787", "http://10.0.0.5", "http://localhost.example.com"])(
    "refuses %s before sending the password, and says why",
    async (serverUrl) => {
      const res = await createCommandRouter(workerContext(h))({ type: "auth.signIn", serverUrl, email: me.email, password: "pw" }, popupSender);
      expect(res).toMatchObject({ ok: false, error: { code: "validation_failed", message: expect.stringMatching(/https:\/\/.*unencrypted/) } });
      expect(inbox.calls).not.toContain("login");
      expect(await h.db.getMeta("session")).toBeUndefined();
    },
  );

  it.each(["https://inbox.example.com", "http://localhost:8787", "http://127.0.0.1:8787", "http://[::1]:8787", "http://app.localhost:8787"])(
    "signs in to %s",
    async (serverUrl) => {
      expect(refusedServerReason(serverUrl)).toBeNull();
      expect(await h.engine.signIn(serverUrl, me.email, "pw")).toMatchObject({ ok: true });
    },
  );

  it("refuses other schemes", () => {
    expect(refusedServerReason("ftp://inbox.example.com")).toMatch(/https:\/\//);
    expect(refusedServerReason("not a url")).toMatch(/Enter the server address/);
  });
});

describe("a stored session on plain http:// to another machine", () => {
  it("is ended at the worker's start, with the reason, and its token never goes out", async () => {
    await h.db.setMeta("session", { serverUrl: "http://inbox.example.com", token: "tok_me", user: me });
    await h.engine.start();
    expect(h.engine.connection()).toMatchObject({ state: "signed_out", reason: expect.stringMatching(/https:\/\//) });
    expect(inbox.calls).toEqual([]);
    expect(await h.db.getMeta("session")).toBeUndefined();
  });
});
