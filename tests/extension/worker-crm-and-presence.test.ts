// What the popup shows beside the inbox: "Open in CRM" for a number seen on a CRM record (thread topic and
// the crm.open command) and teammates' presence in the list (inbox topic).
import "../support/extension-env";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { InboxSnapshot, ThreadSnapshot } from "../../src/protocol/messages";
import type { CrmRecord } from "../../src/protocol/record";
import { tabs } from "../../src/platform/tabs";
import type { Harness } from "../support/engine-harness";
import { FakeInbox, me, teammate } from "../support/fake-inbox";
import { waitFor } from "../support/wait";
import { type createCommandRouter, type createSubscriptionHub, openView, popupSender, contentSender, startSignedInWorker } from "../support/worker-harness";

let h: Harness;
let stop: () => void;
let hub: ReturnType<typeof createSubscriptionHub>;
let route: ReturnType<typeof createCommandRouter>;
beforeEach(async () => {
  const inbox = new FakeInbox();
  for (let i = 1; i <= 3; i++) inbox.addConversation(i);
  ({ h, hub, route, stop } = await startSignedInWorker({ inbox }));
});
afterEach(() => {
  stop();
  vi.restoreAllMocks();
});

const record: CrmRecord = {
  source: "hubspot",
  kind: "contact",
  name: "Customer 2",
  company: null,
  url: "https://app.hubspot.com/contacts/1/record/0-1/2",
  phones: [{ raw: "(415) 555-1002", e164: "+14155551002", label: "mobile", extension: null }],
  fields: {},
};
const noTab = popupSender;
const thread = (view: ReturnType<typeof openView>) => (view.latest("t") as { data: ThreadSnapshot } | undefined)?.data;

describe("Open in CRM", () => {
  it("the thread topic carries the record its contact's number was last seen on, once a CRM tab reports it", async () => {
    const view = openView(hub);
    view.subscribe("t", { type: "thread", conversationId: "cv_2" });
    await waitFor("thread", () => thread(view)?.conversation?.id === "cv_2");
    expect(thread(view)?.crmRecord).toBeNull();
    await route({ type: "record.opened", record }, contentSender(7, record.url));
    await waitFor("record link", () => !!thread(view)?.crmRecord);
    expect(thread(view)?.crmRecord).toEqual({ url: record.url, name: "Customer 2", source: "hubspot" });
  });

  it("crm.open focuses a tab already on that record, else opens its URL; a number never seen opens nothing", async () => {
    const focus = vi.spyOn(tabs, "focus").mockResolvedValue(true);
    const open = vi.spyOn(tabs, "open").mockResolvedValue();
    expect(await route({ type: "crm.open", e164: "+14155551002" }, noTab)).toEqual({ ok: true, data: { opened: false } });
    await route({ type: "record.opened", record }, contentSender(7, record.url));
    // Tab 7 moved on to another record; tab 9 shows this one.
    await route({ type: "record.opened", record: { ...record, url: "https://app.hubspot.com/other", phones: [] } }, contentSender(7, "x"));
    await route({ type: "record.opened", record }, contentSender(9, record.url));
    expect(await route({ type: "crm.open", e164: "+14155551002" }, noTab)).toEqual({ ok: true, data: { opened: true } });
    expect(focus).toHaveBeenCalledWith(9);
    expect(open).not.toHaveBeenCalled();
    await route({ type: "record.closed" }, contentSender(9, record.url));
    focus.mockResolvedValue(false);
    await route({ type: "crm.open", e164: "+14155551002" }, noTab);
    expect(open).toHaveBeenCalledWith(record.url);
  });
});

describe("presence in the list", () => {
  it("the inbox topic carries teammates' presence for the listed conversations, live", async () => {
    const view = openView(hub);
    view.subscribe("i", { type: "inbox", filter: { limit: 50 } });
    await waitFor("inbox", () => ((view.latest("i") as { data: InboxSnapshot } | undefined)?.data.conversations.length ?? 0) === 3);
    expect((view.latest("i") as { data: InboxSnapshot }).data.presence).toEqual({});
    const at = new Date().toISOString();
    h.engine.presence.receive({ conversationId: "cv_3", userId: teammate.id, state: "typing", at });
    h.engine.presence.receive({ conversationId: "cv_1", userId: me.id, state: "viewing", at }); // never me
    await waitFor("presence pushed", () => !!(view.latest("i") as { data: InboxSnapshot }).data.presence.cv_3);
    expect((view.latest("i") as { data: InboxSnapshot }).data.presence).toEqual({
      cv_3: [{ conversationId: "cv_3", userId: teammate.id, state: "typing", at }],
    });
  });

  it("a teammate in a conversation the list does not show pushes nothing to that list", async () => {
    const view = openView(hub);
    view.subscribe("i", { type: "inbox", filter: { limit: 1 } });
    await waitFor("inbox", () => ((view.latest("i") as { data: InboxSnapshot } | undefined)?.data.conversations.length ?? 0) === 1);
    const listed = (view.latest("i") as { data: InboxSnapshot }).data.conversations[0].id;
    const other = ["cv_1", "cv_2", "cv_3"].find((id) => id !== listed)!;
    const frames = view.frames.length;
    h.engine.presence.receive({ conversationId: other, userId: teammate.id, state: "viewing", at: new Date().toISOString() });
    await new Promise((r) => setTimeout(r, 100));
    expect(view.frames.length).toBe(frames);
  });
});
