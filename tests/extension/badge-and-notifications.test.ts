// Toolbar badge and desktop notifications, on fake-browser's action and notifications APIs.
import "../support/extension-env";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { badge, notifications, readBadgeText, tabs } from "../../src/platform";
import { registerBadge } from "../../src/worker/badge";
import { registerNotifications } from "../../src/worker/notifications";
import type { Harness } from "../support/engine-harness";
import { FakeInbox, me, teammate } from "../support/fake-inbox";
import { waitFor } from "../support/wait";
import { contentSender, type workerContext, startSignedInWorker } from "../support/worker-harness";

let inbox: FakeInbox;
let h: Harness;
let stop: () => void;
let ctx: ReturnType<typeof workerContext>;
const offs: Array<() => void> = [];
beforeEach(async () => {
  inbox = new FakeInbox();
  inbox.addConversation(1, { unread: true }); // unassigned, unread: counts
  inbox.addConversation(2, { unread: true, assigneeId: me.id }); // mine, unread: counts
  inbox.addConversation(3, { unread: true, assigneeId: teammate.id }); // Bob's: not mine
  inbox.addConversation(4); // read
  ({ h, ctx, stop } = await startSignedInWorker({ inbox }));
});
afterEach(() => {
  vi.restoreAllMocks();
  for (const off of offs.splice(0)) off();
  stop();
});

describe("badge", () => {
  it("counts unread conversations that are mine or unassigned, and follows inbound texts within 2 s", async () => {
    offs.push(registerBadge(ctx, badge));
    await waitFor("badge 2", async () => (await readBadgeText()) === "2");
    const t0 = performance.now();
    inbox.inbound("cv_4", "Hi again");
    await waitFor("badge 3", async () => (await readBadgeText()) === "3", 2000, 10);
    expect(performance.now() - t0).toBeLessThan(2000);
    inbox.inbound("cv_3", "for Bob");
    await h.engine.signOut();
    await waitFor("badge cleared", async () => (await readBadgeText()) === "");
  });
});

describe("notifications", () => {
  it("one per new inbound text on my or unassigned conversations, titled with the contact's name", async () => {
    const show = vi.spyOn(notifications, "show");
    const n = registerNotifications(ctx, notifications, tabs);
    offs.push(n.dispose);
    inbox.inbound("cv_1", "Can I move my appointment?\nThanks");
    inbox.inbound("cv_3", "for Bob only");
    inbox.inbound("cv_2", "Got it");
    await waitFor("two notifications", () => show.mock.calls.length === 2);
    await new Promise((r) => setTimeout(r, 50));
    expect(show.mock.calls.map(([, note]) => [note.title, note.message])).toEqual([
      ["Customer 1", "Can I move my appointment?"],
      ["Customer 2", "Got it"],
    ]);
  });

  it("stays quiet when turned off in settings", async () => {
    await ctx.settings.update({ notifications: false });
    const show = vi.spyOn(notifications, "show");
    offs.push(registerNotifications(ctx, notifications, tabs).dispose);
    inbox.inbound("cv_1", "hello?");
    await waitFor("applied", async () => (await h.db.messages.count()) === 1);
    await new Promise((r) => setTimeout(r, 50));
    expect(show).not.toHaveBeenCalled();
  });

  it("a click opens the CRM tab where the number was last seen, else the conversation in the popup view", async () => {
    const focus = vi.spyOn(tabs, "focus").mockResolvedValue(true);
    const open = vi.spyOn(tabs, "open").mockResolvedValue();
    const n = registerNotifications(ctx, notifications, tabs);
    offs.push(n.dispose);
    await n.open("sidetext:cv_1:msg_1");
    expect(open).toHaveBeenCalledWith("chrome-extension://test-extension-id/popup.html#/conversation/cv_1");
    const record = {
      source: "hubspot",
      kind: "contact",
      name: "Customer 1",
      company: null,
      url: "https://app.hubspot.com/contacts/1/record/0-1/51",
      phones: [{ raw: "415-555-1001", e164: "+14155551001", label: "mobile", extension: null }],
      fields: {},
    } as const;
    await ctx.records.opened(42, { ...record, phones: [...record.phones] });
    await ctx.crmLinks.remember(contentSender(42, record.url), { ...record, phones: [...record.phones] });
    await n.open("sidetext:cv_1:msg_2");
    expect(focus).toHaveBeenCalledWith(42);
  });
});
