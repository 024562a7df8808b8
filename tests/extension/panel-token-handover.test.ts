// The CRM panel loads before its token is known: its content script hands the worker's one-time token over
// their private channel (src/crm/panel-channel.ts) and the panel presents it as its port's first frame
// (src/worker/panel-tokens.ts). Invariant 9 still holds: only the document that presented a token issued
// for its own tab sees data or runs commands; a made-up token, another tab's, or one already presented by
// another document gets nothing.
import "../support/extension-env";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { WorkerFrame } from "../../src/protocol/messages";
import { createPanelTokens } from "../../src/worker/panel-tokens";
import { storageArea } from "../../src/platform/storage";
import { startHarness, waitForState, type Harness } from "../support/engine-harness";
import { FakeInbox, me } from "../support/fake-inbox";
import { waitFor } from "../support/wait";
import { contentSender, createCommandRouter, createSubscriptionHub, openView, panelSender, workerContext } from "../support/worker-harness";
import { fakeBrowser } from "../support/extension-env";

let inbox: FakeInbox;
let h: Harness;
let ctx: ReturnType<typeof workerContext>;
let hub: ReturnType<typeof createSubscriptionHub>;
let route: ReturnType<typeof createCommandRouter>;
beforeEach(async () => {
  fakeBrowser.reset();
  inbox = new FakeInbox();
  inbox.addConversation(1);
  h = startHarness(inbox);
  ctx = { ...workerContext(h), panelTokens: createPanelTokens({ store: storageArea("session") }) };
  hub = createSubscriptionHub(ctx);
  route = createCommandRouter(ctx);
  await h.engine.signIn("http://fake.localhost", me.email, "pw");
  await waitForState(h.engine, "live");
});
afterEach(() => {
  hub.dispose();
  h.engine.stop();
});

const page = "https://crm.example/contacts/1";
const forbidden = { ok: false, error: { code: "forbidden" } };
const frame = (view: ReturnType<typeof openView>, id: string) => view.latest(id) as WorkerFrame | undefined;
const tokenFor = async (tabId: number) =>
  ((await route({ type: "panel.token" }, contentSender(tabId, page))) as { ok: true; data: { token: string } }).data.token;

/** A panel document (no token in its URL) that presents `token` on its port, then asks for the session. */
async function presentOn(h: ReturnType<typeof createSubscriptionHub>, sender: ReturnType<typeof panelSender>, token: string) {
  const view = openView(h, sender.tabId, sender);
  view.port.post({ type: "present", token });
  view.subscribe("s", { type: "session" });
  await waitFor("the session answer", () => frame(view, "s"));
  return frame(view, "s");
}

describe("the token handed over to the panel", () => {
  it("admits the panel document that presents it: snapshots, its commands, and its reconnect after a worker restart", async () => {
    const token = await tokenFor(7);
    const panel = panelSender(7, null); // loaded before the token was known: none in its URL
    expect(await presentOn(hub, panel, token)).toMatchObject({ type: "snapshot", data: { user: { id: me.id } } });
    expect(await route({ type: "conversation.send", conversationId: "cv_1", body: "from the panel" }, panel)).toMatchObject({ ok: true });
    expect(await presentOn(createSubscriptionHub(ctx), panel, token)).toMatchObject({ type: "snapshot" });
  });

  it("refuses a made-up token, another tab's, one another document presented first, and a document that presented none", async () => {
    const ours = await tokenFor(7);
    const otherTab = await tokenFor(8);
    expect(await presentOn(hub, panelSender(7, null), ours)).toMatchObject({ type: "snapshot" }); // the one that counts
    for (const [sender, token] of [
      [panelSender(7, null, "doc-made-up", 2), "made-up-token-made-up-token-1234"],
      [panelSender(7, null, "doc-other-tab", 3), otherTab],
      [panelSender(7, null, "doc-copy", 4), ours],
    ] as const) {
      expect(await presentOn(hub, sender, token)).toMatchObject({ type: "error", error: { code: "forbidden" } });
      expect(await route({ type: "conversation.send", conversationId: "cv_1", body: "clickjacked" }, sender)).toMatchObject(forbidden);
    }
    expect(await route({ type: "conversation.send", conversationId: "cv_1", body: "clickjacked" }, panelSender(7, null, "doc-silent", 5))).toMatchObject(
      forbidden,
    );
    expect((await h.db.outbox.toArray()).map((o) => o.body)).toEqual([]);
  });

  it("is checked without reading storage.session again; a restarted worker reads the grants back", async () => {
    const session = storageArea("session");
    let reads = 0;
    const counted = {
      ...session,
      get: <T>(key: string) => {
        reads++;
        return session.get<T>(key);
      },
    };
    const tokens = createPanelTokens({ store: counted });
    const token = await tokens.issue(7, 0);
    expect(await tokens.admits(panelSender(7, null), token)).toBe(true);
    expect(await tokens.admits(panelSender(7, null))).toBe(true); // its commands
    expect(reads).toBe(1);
    const restarted = createPanelTokens({ store: session });
    expect(await restarted.admits(panelSender(7, null), token)).toBe(true);
    expect(await restarted.admits(panelSender(7, null, "doc-copy", 4), token)).toBe(false);
  });

  it("is only read as the port's first frame: access is decided there", async () => {
    const token = await tokenFor(7);
    const view = openView(hub, 7, panelSender(7, null));
    view.subscribe("s", { type: "session" });
    view.port.post({ type: "present", token });
    view.subscribe("t", { type: "session" });
    await waitFor("both answers", () => frame(view, "s") && frame(view, "t"));
    expect([frame(view, "s")?.type, frame(view, "t")?.type]).toEqual(["error", "error"]);
    // Still unpresented: the panel that hands it over first is admitted.
    expect(await presentOn(hub, panelSender(7, null, "doc-panel-late", 2), token)).toMatchObject({ type: "snapshot" });
  });
});
