// The worker's list filtered by tag (topic "inbox" with filter.tag): answered from the cache at once, and, while
// online, the server is asked once for tagged threads the cache does not hold; their answer lands in the cache.
import "../support/extension-env";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { InboxSnapshot } from "../../src/protocol/messages";
import { FakeInbox } from "../support/fake-inbox";
import { waitForState } from "../support/engine-harness";
import { waitFor } from "../support/wait";
import { openView, popupSender, startSignedInWorker, type SignedInWorker } from "../support/worker-harness";

let inbox: FakeInbox;
let w: SignedInWorker;
const tag = (id: string, tags: string[]) => inbox.contacts.set(id, { ...inbox.contacts.get(id)!, tags });

beforeEach(async () => {
  inbox = new FakeInbox();
  for (let i = 1; i <= 4; i++) inbox.addConversation(i);
  tag("ct_1", ["vip", "roofing"]);
  tag("ct_3", ["vip"]);
  w = await startSignedInWorker({ inbox });
});
afterEach(() => w.stop());

const latest = (view: ReturnType<typeof openView>, id: string) => (view.latest(id) as { data: InboxSnapshot } | undefined)?.data;

describe("inbox topic filtered by tag", () => {
  it("lists only conversations whose cached contact has the tag, with the count of those", async () => {
    inbox.httpDown = "network"; // the cache's answer alone (the server cannot be asked)
    const view = openView(w.hub);
    view.subscribe("i", { type: "inbox", filter: { status: "open", tag: "vip" } });
    const data = await waitFor("tagged list", () => latest(view, "i"));
    expect(data.conversations.map((c) => c.id).sort()).toEqual(["cv_1", "cv_3"]);
    expect(data.total).toBe(2);
    view.subscribe("r", { type: "inbox", filter: { tag: "roofing" } }); // a tag alone, no other condition
    expect((await waitFor("roofing", () => latest(view, "r"))).conversations.map((c) => c.id)).toEqual(["cv_1"]);
  });

  it("asks the server once for the tag and lists the tagged thread the cache did not hold", async () => {
    await w.h.db.conversations.delete("cv_3"); // older than bootstrap's newest threads, say
    const view = openView(w.hub);
    view.subscribe("i", { type: "inbox", filter: { status: "open", tag: "vip" } });
    await waitFor("the server's tagged thread listed", () => latest(view, "i")?.conversations.some((c) => c.id === "cv_3"));
    expect(
      latest(view, "i")!
        .conversations.map((c) => c.id)
        .sort(),
    ).toEqual(["cv_1", "cv_3"]);
    view.subscribe("again", { type: "inbox", filter: { status: "open", tag: "vip", limit: 60 } });
    await waitFor("second subscriber", () => latest(view, "again"));
    expect(inbox.calls.filter((c) => c === "conversations:vip")).toHaveLength(1);
  });

  it("follows a tag change on a contact", async () => {
    inbox.httpDown = "network";
    const view = openView(w.hub);
    view.subscribe("i", { type: "inbox", filter: { tag: "roofing" } });
    await waitFor("one tagged", () => latest(view, "i")?.total === 1);
    const ct2 = { ...inbox.contacts.get("ct_2")!, tags: ["roofing"], updatedAt: new Date().toISOString() };
    await w.h.db.contacts.put({ ...ct2, seq: 99 } as never);
    await waitFor("two tagged, counted", () => latest(view, "i")?.total === 2 && latest(view, "i")?.conversations.length === 2);
  });

  it("does not ask the server while offline, and asks once the connection is back", async () => {
    inbox.refuseSockets = true;
    inbox.httpDown = "network";
    inbox.dropSockets();
    await waitForState(w.h.engine, "offline");
    const view = openView(w.hub);
    view.subscribe("i", { type: "inbox", filter: { status: "open", tag: "vip" } });
    expect((await waitFor("cached answer", () => latest(view, "i"))).conversations.map((c) => c.id).sort()).toEqual(["cv_1", "cv_3"]);
    expect(inbox.calls.filter((c) => c.startsWith("conversations:"))).toEqual([]);
    inbox.refuseSockets = false;
    inbox.httpDown = null;
    await w.h.engine.syncNow();
    await waitForState(w.h.engine, "live");
    await waitFor("asked once back online", () => inbox.calls.includes("conversations:vip"));
  });

  it("tags.list: the tags on cached contacts, most used first", async () => {
    expect(await w.route({ type: "tags.list" }, popupSender)).toEqual({ ok: true, data: { tags: ["vip", "roofing"] } });
  });
});
