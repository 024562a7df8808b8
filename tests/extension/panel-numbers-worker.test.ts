// The worker's side of the panel's numbers: the record topic says when each of the record's numbers last had
// a cached conversation (the panel opens on the most recent), and carries the number the rep gave — typed
// in the panel, clicked with a Text button, or chosen from the context menu — for that record only.
import "../support/extension-env";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { RecordSnapshot } from "../../src/protocol/messages";
import type { PageTabs } from "../../src/platform/page-tabs";
import type { CrmRecord } from "../../src/protocol/record";
import { createContextMenuHandler } from "../../src/worker/context-menu";
import type { WorkerContext } from "../../src/worker/context";
import { repNumber } from "../../src/worker/rep-numbers";
import type { Harness } from "../support/engine-harness";
import { FakeInbox } from "../support/fake-inbox";
import { waitFor } from "../support/wait";
import {
  contentSender,
  type createCommandRouter,
  type createSubscriptionHub,
  openPanel,
  panelSender as framedPanel,
  startSignedInWorker,
} from "../support/worker-harness";

let h: Harness;
let stop: () => void;
let ctx: WorkerContext;
let hub: ReturnType<typeof createSubscriptionHub>;
let route: ReturnType<typeof createCommandRouter>;
beforeEach(async () => {
  const inbox = new FakeInbox();
  for (let i = 1; i <= 3; i++) inbox.addConversation(i);
  ({ h, ctx, hub, route, stop } = await startSignedInWorker({ inbox }));
  await waitFor("cache", async () => (await h.db.conversations.count()) === 3);
});
afterEach(() => {
  stop();
  vi.restoreAllMocks();
});

const URL_A = "https://app.hubspot.com/contacts/1/record/0-1/2";
const record: CrmRecord = {
  source: "hubspot",
  kind: "contact",
  name: "Customer 2",
  company: null,
  url: URL_A,
  fields: {},
  phones: [
    { raw: "(415) 555-0199", e164: "+14155550199", label: "mobile", extension: null },
    { raw: "(415) 555-1002", e164: "+14155551002", label: "work", extension: null },
  ],
};
const snapshotOf = (view: Awaited<ReturnType<typeof openPanel>>) => (view.latest("r") as { data: RecordSnapshot } | undefined)?.data;

async function panelOnRecord(tabId = 7) {
  await route({ type: "record.opened", record }, contentSender(tabId, URL_A));
  const panel = await openPanel(hub, route, tabId, URL_A);
  panel.subscribe("r", { type: "record" });
  await waitFor("record snapshot", () => snapshotOf(panel)?.record?.url === URL_A);
  return panel;
}

describe("record topic", () => {
  it("says when each number last had a conversation in the cache; a number without one is absent", async () => {
    const panel = await panelOnRecord();
    const cv2 = await h.db.conversations.get("cv_2");
    expect(snapshotOf(panel)?.lastMessageAt).toEqual({ "+14155551002": cv2!.sortAt });
    expect(snapshotOf(panel)?.picked).toBeNull();
  });

  it("a number typed in the panel is kept for the record, in E.164 and said to be typed; a new record drops it", async () => {
    const panel = await panelOnRecord();
    const res = await route({ type: "panel.useNumber", raw: "917.555.0142" }, framedPanel(7, panel.token));
    expect(res).toMatchObject({ ok: true, data: { phone: { e164: "+19175550142", label: "other", foundBy: { reader: "rep", layer: "typed" } } } });
    await waitFor("picked", () => snapshotOf(panel)?.picked?.phone.e164 === "+19175550142");
    await route({ type: "record.opened", record: { ...record, url: `${URL_A}0` } }, contentSender(7, `${URL_A}0`));
    await waitFor("picked dropped", () => snapshotOf(panel)?.record?.url === `${URL_A}0`);
    expect(snapshotOf(panel)?.picked).toBeNull();
  });

  it("refuses what is not a number, and a number for a tab that shows no record", async () => {
    const panel = await panelOnRecord();
    expect(await route({ type: "panel.useNumber", raw: "call me" }, framedPanel(7, panel.token))).toMatchObject({
      ok: false,
      error: { code: "validation_failed" },
    });
    await route({ type: "record.closed" }, contentSender(7, URL_A));
    expect(await route({ type: "panel.useNumber", raw: "917 555 0142" }, framedPanel(7, panel.token))).toMatchObject({ ok: false, error: { code: "no_tab" } });
  });

  it("a content script may not give the panel a number", async () => {
    await route({ type: "record.opened", record }, contentSender(7, URL_A));
    expect(await route({ type: "panel.useNumber", raw: "917 555 0142" }, contentSender(7, URL_A))).toMatchObject({ ok: false, error: { code: "forbidden" } });
    expect(await ctx.records.picked(7)).toBeNull();
  });

  it("a Text button click picks its number, also when it is already the record's first", async () => {
    const panel = await panelOnRecord();
    const [mobile, work] = record.phones;
    await route({ type: "record.opened", record: { ...record, phones: [work, mobile] }, chosen: work.e164 }, contentSender(7, URL_A));
    await waitFor("picked work", () => snapshotOf(panel)?.picked?.phone.e164 === work.e164);
    await route({ type: "record.opened", record, chosen: mobile.e164 }, contentSender(7, URL_A));
    await waitFor("picked mobile", () => snapshotOf(panel)?.picked?.phone.e164 === mobile.e164);
    // A re-read of the page (no click) keeps the rep's pick; a number not on the record is never "chosen".
    await route({ type: "record.opened", record, chosen: "+19995550100" }, contentSender(7, URL_A));
    await route({ type: "record.opened", record }, contentSender(7, URL_A));
    expect((await ctx.records.picked(7))?.phone.e164).toBe(mobile.e164);
  });
});

describe("context menu: Text <number> with Sidetext", () => {
  const deps = () => ({
    tabs: {
      activeWebTab: vi.fn(),
      get: vi.fn(),
      send: vi.fn(async () => null),
      openWindow: vi.fn(async () => undefined),
      onActivated: vi.fn(),
    } as unknown as PageTabs,
    pages: { extensionUrl: (p: string) => `chrome-extension://id/${p}` },
    notifications: { show: vi.fn(async () => undefined) },
  });

  it("on a tab with a record: the number goes to its panel, which is asked to open", async () => {
    const d = deps();
    await route({ type: "record.opened", record }, contentSender(7, URL_A));
    const outcome = await createContextMenuHandler(ctx, d)({ menuItemId: "sidetext-text-selection", selectionText: "Call +1 (917) 555-0142 today", tabId: 7 });
    expect(outcome).toEqual({ opened: "panel", e164: "+19175550142", conversationId: null });
    expect((await ctx.records.picked(7))?.phone.foundBy).toEqual({ reader: "rep", layer: "context-menu", detail: "chosen from the right-click menu" });
    expect(d.tabs.send).toHaveBeenCalledWith(7, { type: "sidetext:show-panel" });
    expect(d.tabs.openWindow).not.toHaveBeenCalled();
  });

  it("elsewhere: the popup opens on the number's newest conversation, or on New message with it filled in", async () => {
    const d = deps();
    const handler = createContextMenuHandler(ctx, d);
    expect(await handler({ menuItemId: "sidetext-text-link", linkUrl: "sms:+14155551003?body=hi", tabId: 9 })).toEqual({
      opened: "popup",
      e164: "+14155551003",
      conversationId: "cv_3",
    });
    expect(d.tabs.openWindow).toHaveBeenLastCalledWith("chrome-extension://id/popup.html#/conversation/cv_3", { width: 420, height: 640 });
    expect(await handler({ menuItemId: "sidetext-text-link", linkUrl: "tel:+1-212-555-0188", tabId: null })).toMatchObject({
      opened: "popup",
      conversationId: null,
    });
    expect(d.tabs.openWindow).toHaveBeenLastCalledWith("chrome-extension://id/popup.html#/new?to=%2B12125550188", { width: 420, height: 640 });
  });

  it("text without a number: a notification says so, nothing opens", async () => {
    const d = deps();
    expect(await createContextMenuHandler(ctx, d)({ menuItemId: "sidetext-text-selection", selectionText: "Invoice 2024-11", tabId: 7 })).toMatchObject({
      opened: null,
    });
    expect(d.notifications.show).toHaveBeenCalledWith("sidetext-menu-no-number", {
      title: "No phone number",
      message: "Sidetext found no phone number in \u201cInvoice 2024-11\u201d.",
    });
    expect(d.tabs.openWindow).not.toHaveBeenCalled();
  });
});

describe("numbers the rep gives, in any format", () => {
  it.each([
    ["(415) 555-0132", "+14155550132", null],
    ["+44 20 7946 0958", "+442079460958", null],
    ["415.555.0132 ext. 204", "+14155550132", "204"],
    ["tel:%2B1-415-555-0132", "+14155550132", null],
    ["Reach Maria at 415 555 0132 after five", "+14155550132", null],
  ])("reads %j as %s (extension %s)", (text, e164, extension) => {
    expect(repNumber(text, "picked")).toMatchObject({ e164, extension, foundBy: { reader: "rep", layer: "picked" } });
  });

  it.each(["Order 12", "2024-11-27", "$1,200.00", ""])("takes %j for no number at all", (text) => {
    expect(repNumber(text, "typed")).toBeNull();
  });
});
