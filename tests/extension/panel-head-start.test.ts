// When a CRM tab reports a record, the worker computes what the panel asks next (the chosen number's phone
// topic, then its newest conversation's thread) before the panel asks (src/worker/topics/ahead.ts): the
// panel's subscriptions find them ready. A change in between must still show.
import "../support/extension-env";
import { afterEach, beforeEach, expect, it, vi } from "vitest";
import type { PhoneSnapshot, ThreadSnapshot } from "../../src/protocol/messages";
import type { CrmRecord } from "../../src/protocol/record";
import type { Harness } from "../support/engine-harness";
import { FakeInbox } from "../support/fake-inbox";
import { waitFor } from "../support/wait";
import { contentSender, type createCommandRouter, type createSubscriptionHub, openPanel, startSignedInWorker } from "../support/worker-harness";

let inbox: FakeInbox;
let h: Harness;
let stop: () => void;
let hub: ReturnType<typeof createSubscriptionHub>;
let route: ReturnType<typeof createCommandRouter>;
beforeEach(async () => {
  inbox = new FakeInbox();
  for (let i = 1; i <= 3; i++) inbox.addConversation(i);
  ({ h, hub, route, stop } = await startSignedInWorker({ inbox }));
  await waitFor("cache", async () => (await h.db.conversations.count()) === 3);
  inbox.inbound("cv_2", "Is Thursday still on?");
  await waitFor("message cached", async () => (await h.db.messages.count()) >= 1);
  // The record was open before (a cached thread, a number already looked up, its CRM link known).
  await route({ type: "record.opened", record }, contentSender(9, URL_A));
  const before = await openPanel(hub, route, 9, URL_A);
  await panelAsks(before);
  await waitFor("thread page cached", async () => !!(await h.db.threads.get("cv_2")));
  await new Promise((r) => setTimeout(r, 50));
  before.port.disconnect();
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
  phones: [{ raw: "(415) 555-1002", e164: "+14155551002", label: "mobile", extension: null }],
};

/** Resolves once the worker has read the thread's messages (its head start is done). */
function messagesRead() {
  const where = vi.spyOn(h.db.messages, "where");
  return { where, done: () => waitFor("thread read ahead", () => where.mock.calls.length > 0).then(() => new Promise((r) => setTimeout(r, 20))) };
}

async function panelAsks(view: Awaited<ReturnType<typeof openPanel>>) {
  view.subscribe("p", { type: "phone", e164: "+14155551002" });
  await waitFor("phone snapshot", () => !!view.latest("p"));
  const phone = (view.latest("p") as { data: PhoneSnapshot }).data;
  view.subscribe("t", { type: "thread", conversationId: phone.conversations[0].id });
  await waitFor("thread snapshot", () => !!view.latest("t"));
  return { phone, thread: (view.latest("t") as { data: ThreadSnapshot }).data };
}

it("answers the panel's phone and thread topics from what it computed when the record opened", async () => {
  const view = await openPanel(hub, route, 7, URL_A);
  const reads = messagesRead();
  await route({ type: "record.opened", record }, contentSender(7, URL_A));
  await reads.done();
  reads.where.mockClear();
  const { phone, thread } = await panelAsks(view);
  expect(phone.conversations.map((c) => c.id)).toEqual(["cv_2"]);
  expect(thread.messages.map((m) => m.body)).toEqual(["Is Thursday still on?"]);
  expect(reads.where).not.toHaveBeenCalled(); // the thread was not read again for the panel
});

it("a message that arrives after the head start is in the panel's first thread snapshot", async () => {
  const view = await openPanel(hub, route, 7, URL_A);
  const reads = messagesRead();
  await route({ type: "record.opened", record }, contentSender(7, URL_A));
  await reads.done();
  inbox.inbound("cv_2", "Or Friday?");
  await waitFor("second message cached", async () => (await h.db.messages.count()) >= 2);
  const { thread } = await panelAsks(view);
  expect(thread.messages.map((m) => m.body)).toEqual(["Is Thursday still on?", "Or Friday?"]);
});
