// The worker's "search" command: message text the cache holds (threads opened on this device), for the
// popup's search beyond names, numbers and previews.
import "../support/extension-env";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { MessageRow } from "../../src/db/rows";
import type { Harness } from "../support/engine-harness";
import { type createCommandRouter, popupSender, startSignedInWorker } from "../support/worker-harness";

let h: Harness;
let stop: () => void;
let route: ReturnType<typeof createCommandRouter>;
beforeEach(async () => {
  ({ h, route, stop } = await startSignedInWorker());
});
afterEach(() => stop());

const noTab = popupSender;
const row = (n: number, k: number, body: string): MessageRow => ({
  id: `msg_${n}_${k}`,
  conversationId: `cv_${n}`,
  inboxId: "inb_main",
  contactId: `ct_${n}`,
  direction: k % 2 ? "outbound" : "inbound",
  body,
  media: [],
  status: k % 2 ? "delivered" : "received",
  errorCode: null,
  errorReason: null,
  carrierMessageId: null,
  authorId: null,
  clientId: null,
  deliveryOverdue: false,
  createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, n, k)).toISOString(),
  updatedAt: new Date(Date.UTC(2026, 0, 1)).toISOString(),
  seq: n * 10 + k,
});
const search = async (query: string) => {
  const res = await route({ type: "search", query }, noTab);
  if (!res?.ok) throw new Error(JSON.stringify(res));
  return res.data as { conversationIds: string[]; searchedConversations: number };
};

describe("search over cached message text", () => {
  it("finds conversations whose messages contain every word, newest first, and says how many were searched", async () => {
    await h.db.messages.bulkPut([
      row(1, 0, "Is the blue sofa still available?"),
      row(1, 1, "Yes, until Friday"),
      row(2, 0, "The gate code is 4417"),
      row(3, 0, "Blue or green sofa?"),
    ]);
    expect(await search("sofa BLUE")).toEqual({ conversationIds: ["cv_3", "cv_1"], searchedConversations: 3 });
    expect((await search("gate 4417")).conversationIds).toEqual(["cv_2"]);
    expect((await search("zebra")).conversationIds).toEqual([]);
  });

  it("sees messages that reach the cache after an earlier search", async () => {
    await h.db.messages.bulkPut([row(1, 0, "hello")]);
    expect((await search("invoice")).conversationIds).toEqual([]);
    await h.db.messages.bulkPut([row(2, 0, "Your invoice is attached")]);
    expect((await search("invoice")).conversationIds).toEqual(["cv_2"]);
  });

  // How fast (max < 30 ms over 5,000 conversations) is bench/worker-latency.ts's to measure, not a test's.
  it("finds the one conversation among a thousand, from the text gathered once, as the messages change", async () => {
    const rows: MessageRow[] = [];
    for (let n = 0; n < 1000; n++)
      for (let k = 0; k < 4; k++) rows.push(row(n, k, `Message ${k} about order #${1000 + n}, delivery window ${n % 7} to ${(n % 7) + 2}pm`));
    await h.db.messages.bulkPut(rows);
    expect(await search("warm up")).toEqual({ conversationIds: [], searchedConversations: 1000 }); // gathers the text
    expect((await search("order #1320")).conversationIds).toEqual(["cv_320"]);
    expect((await search("window 3 to 5pm")).conversationIds).toHaveLength(143);
    await h.db.messages.bulkPut([row(1000, 0, "A new question about order #1320")]);
    expect((await search("order #1320")).conversationIds).toEqual(["cv_1000", "cv_320"]);
  });
});
