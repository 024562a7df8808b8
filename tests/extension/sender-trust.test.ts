// Invariant 9 in the worker: our pages may do everything; a content script (a web page can drive it) may
// only report records, ask for a panel token and read settings; the web-accessible panel page shows data
// only with a token our content script got for that tab, presented by the first panel document.
import "../support/extension-env";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Command, type CommandType, type WorkerFrame } from "../../src/protocol/messages";
import { CONTENT_SCRIPT_COMMANDS } from "../../src/worker/sender-trust";
import type { CrmRecord } from "../../src/protocol/record";
import { createPanelTokens, PANEL_TOKEN_TTL_MS } from "../../src/worker/panel-tokens";
import { storageArea } from "../../src/platform/storage";
import type { Harness } from "../support/engine-harness";
import { FakeInbox, me } from "../support/fake-inbox";
import { waitFor } from "../support/wait";
import {
  contentSender,
  type createCommandRouter,
  createSubscriptionHub,
  openPanel,
  openView,
  panelSender,
  popupSender,
  type workerContext,
  startSignedInWorker,
} from "../support/worker-harness";

let inbox: FakeInbox;
let h: Harness;
let stop: () => void;
let ctx: ReturnType<typeof workerContext>;
let hub: ReturnType<typeof createSubscriptionHub>;
let route: ReturnType<typeof createCommandRouter>;
let clock = 0;
beforeEach(async () => {
  clock = Date.now();
  inbox = new FakeInbox();
  for (let i = 1; i <= 2; i++) inbox.addConversation(i);
  ({ h, ctx, hub, route, stop } = await startSignedInWorker({
    inbox,
    context: (base) => ({ ...base, panelTokens: createPanelTokens({ store: storageArea("session"), now: () => clock }) }),
  }));
});
afterEach(() => {
  stop();
});

const page = "https://crm.example/contacts/2";
const record: CrmRecord = {
  source: "generic",
  kind: "contact",
  name: "Customer 2",
  company: null,
  url: page,
  phones: [{ raw: "(415) 555-1002", e164: "+14155551002", label: "mobile", extension: null }],
  fields: {},
};
const forbidden = { ok: false, error: { code: "forbidden" } };
const frame = (view: ReturnType<typeof openView>, id: string) => view.latest(id) as WorkerFrame | undefined;

const userCommands: Command[] = [
  { type: "auth.signIn", serverUrl: "https://evil.example", email: me.email, password: "pw" },
  { type: "auth.signOut" },
  { type: "conversation.send", conversationId: "cv_1", body: "sent by a web page" },
  { type: "message.start", inboxId: "inb_main", to: "+14155550100", body: "hi" },
  { type: "conversation.update", conversationId: "cv_1", status: "resolved" },
  { type: "conversation.read", conversationId: "cv_1" },
  { type: "note.add", conversationId: "cv_1", body: "x" },
  { type: "search", query: "order" },
  { type: "settings.update", settings: { notifications: false } },
  { type: "crm.open", e164: "+14155551002" },
  { type: "outbox.discard", clientId: "c1" },
];

describe("content scripts", () => {
  it.each(userCommands.map((c) => [c.type, c] as const))("may not run %s (forbidden, nothing changes)", async (_type, command) => {
    const calls = inbox.calls.length;
    expect(await route(command, contentSender(7, page))).toMatchObject(forbidden);
    expect(h.engine.session()?.user.id).toBe(me.id);
    expect(await h.db.outbox.count()).toBe(0);
    expect(inbox.calls.slice(calls)).toEqual([]);
  });

  // Every command of the contract, present and future: a new one is refused to content scripts unless it is
  // added to CONTENT_SCRIPT_COMMANDS on purpose. Refused before its body is even read.
  const everyType = Command.options.map((o) => o.shape.type.value as CommandType);
  it.each(everyType.filter((t) => !CONTENT_SCRIPT_COMMANDS.has(t)))("refuses %s from a content script whatever its body", async (type) => {
    expect(await route({ type }, contentSender(7, page))).toMatchObject(forbidden);
    expect(await route({ type }, panelSender(7, null))).toMatchObject(forbidden);
  });

  it("may report the open record, ask for a panel token and read the settings", async () => {
    expect(await route({ type: "record.opened", record }, contentSender(7, page))).toEqual({ ok: true, data: null });
    expect(await route({ type: "record.closed" }, contentSender(7, page))).toEqual({ ok: true, data: null });
    expect(await route({ type: "settings.get" }, contentSender(7, page))).toMatchObject({ ok: true, data: { defaultCountry: "US" } });
    expect(await route({ type: "panel.token" }, contentSender(7, page))).toMatchObject({ ok: true, data: { token: expect.stringMatching(/^[\w-]{32}$/) } });
  });

  it.each([["session"], ["inbox"], ["record"]])("may not subscribe to the %s topic", async (type) => {
    const view = openView(hub, 7, contentSender(7, page));
    view.subscribe("x", { type });
    await waitFor("answer", () => frame(view, "x"));
    expect(frame(view, "x")).toMatchObject({ type: "error", error: { code: "forbidden" } });
  });
});

describe("the panel page inside a tab", () => {
  it("without a token gets no snapshot and runs no command", async () => {
    const view = openView(hub, 7, panelSender(7, null));
    view.subscribe("s", { type: "session" });
    view.subscribe("t", { type: "thread", conversationId: "cv_1" });
    await waitFor("answers", () => frame(view, "s") && frame(view, "t"));
    expect(view.frames.map((f) => f.type)).toEqual(["error", "error"]);
    expect(frame(view, "t")).toMatchObject({ error: { code: "forbidden", message: expect.stringMatching(/toolbar/) } });
    expect(await route({ type: "conversation.send", conversationId: "cv_1", body: "clickjacked" }, panelSender(7, null))).toMatchObject(forbidden);
    expect(await h.db.outbox.count()).toBe(0);
  });

  it("with a made-up token, or one issued for another tab, is refused", async () => {
    const issued = (await route({ type: "panel.token" }, contentSender(8, page))) as { ok: true; data: { token: string } };
    for (const sender of [panelSender(7, "made-up-token-made-up-token-1234"), panelSender(7, issued.data.token)]) {
      const view = openView(hub, 7, sender);
      view.subscribe("r", { type: "record" });
      await waitFor("answer", () => frame(view, "r"));
      expect(frame(view, "r")).toMatchObject({ type: "error", error: { code: "forbidden" } });
    }
  });

  it("with its content script's token sees its own tab's record and may send; its reconnect keeps working", async () => {
    await route({ type: "record.opened", record }, contentSender(7, page));
    const panel = await openPanel(hub, route, 7, page);
    panel.subscribe("r", { type: "record" });
    await waitFor("record", () => frame(panel, "r")?.type === "snapshot");
    expect(frame(panel, "r")).toMatchObject({ type: "snapshot", data: { tabId: 7, record: { name: "Customer 2" } } });
    expect(await route({ type: "conversation.send", conversationId: "cv_1", body: "from the panel" }, panelSender(7, panel.token))).toMatchObject({ ok: true });
    // The worker restarted: the same panel document connects again with the same URL.
    const again = openView(createSubscriptionHub(ctx), 7, panelSender(7, panel.token));
    again.subscribe("s", { type: "session" });
    await waitFor("session", () => frame(again, "s"));
    expect(frame(again, "s")).toMatchObject({ type: "snapshot", data: { user: { id: me.id } } });
  });

  it("a token is used by one panel document only: a second frame presenting it is refused", async () => {
    const panel = await openPanel(hub, route, 7, page);
    panel.subscribe("s", { type: "session" });
    await waitFor("session", () => frame(panel, "s"));
    const copy = openView(hub, 7, panelSender(7, panel.token, "doc-attacker-frame", 3));
    copy.subscribe("s", { type: "session" });
    await waitFor("answer", () => frame(copy, "s"));
    expect(frame(copy, "s")).toMatchObject({ type: "error", error: { code: "forbidden" } });
    expect(
      await route({ type: "conversation.update", conversationId: "cv_1", status: "resolved" }, panelSender(7, panel.token, "doc-attacker-frame", 3)),
    ).toMatchObject(forbidden);
  });

  it("a token nobody presented expires", async () => {
    const res = (await route({ type: "panel.token" }, contentSender(7, page))) as { ok: true; data: { token: string } };
    clock += PANEL_TOKEN_TTL_MS + 1;
    const view = openView(hub, 7, panelSender(7, res.data.token));
    view.subscribe("s", { type: "session" });
    await waitFor("answer", () => frame(view, "s"));
    expect(frame(view, "s")).toMatchObject({ type: "error", error: { code: "forbidden" } });
  });

  it("the tab closing forgets its tokens", async () => {
    const res = (await route({ type: "panel.token" }, contentSender(7, page))) as { ok: true; data: { token: string } };
    await ctx.panelTokens.forgetTab(7);
    expect(await ctx.panelTokens.admits(panelSender(7, res.data.token))).toBe(false);
  });
});

describe("our other pages", () => {
  it("the popup, the options page opened in a tab and the panel page outside any tab (side panel) are trusted", async () => {
    const optionsInTab = { ...popupSender, tabId: 4, frameId: 0, url: "chrome-extension://sidetext-test-id/options.html" };
    const sidePanel = { ...panelSender(4, null), tabId: null, frameId: null };
    for (const sender of [popupSender, optionsInTab, sidePanel]) {
      expect(await route({ type: "settings.update", settings: { notifications: false } }, sender)).toMatchObject({ ok: true });
      const view = openView(hub, sender.tabId, sender);
      view.subscribe("s", { type: "session" });
      await waitFor("session", () => frame(view, "s"));
      expect(frame(view, "s")).toMatchObject({ type: "snapshot" });
    }
  });

  it("a panel token is only for content scripts in a tab", async () => {
    expect(await route({ type: "panel.token" }, popupSender)).toMatchObject({ ok: false, error: { code: "no_tab" } });
  });
});

describe("panel tokens over time", () => {
  it("a content script asking again and again keeps only a few unused tokens for its tab", async () => {
    const tokens: string[] = [];
    for (let i = 0; i < 6; i++)
      tokens.push(((await route({ type: "panel.token" }, contentSender(7, page))) as { ok: true; data: { token: string } }).data.token);
    const admitted = [];
    for (const [i, token] of tokens.entries()) admitted.push(await ctx.panelTokens.admits(panelSender(7, token, `doc-${i}`)));
    expect(admitted).toEqual([false, false, true, true, true, true]);
  });
});
