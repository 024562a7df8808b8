// Worker latency on the test harness (fake-indexeddb, FakeInbox, in-memory ports): the timing targets the
// worker tests used to assert, measured here instead so the tests keep to behaviour.
//  1. "search" over cached message text, 5,000 conversations × 4 messages, after the first search gathered
//     the text (target: every query < 30 ms). Floor: the same queries as a bare scan over one in-memory string
//     per conversation (what the command does beyond that: the command router, the write-count check).
//  2. inbox push: an inbound text applied to the cache → the inbox subscriber's fresh snapshot on its port
//     (target: < 50 ms). Floor: one port frame of the same snapshot through the same in-memory port.
//   npx tsx bench/worker-latency.ts      (env: BENCH_CONVERSATIONS, BENCH_SAMPLES)
import "../tests/support/extension-env";
import type { MessageRow } from "../src/db/rows";
import type { InboxSnapshot } from "../src/protocol/messages";
import { FakeInbox } from "../tests/support/fake-inbox";
import { openView, popupSender, portPair, startSignedInWorker } from "../tests/support/worker-harness";

const CONVERSATIONS = Number(process.env.BENCH_CONVERSATIONS ?? 5000);
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 30);
const QUERIES = ["order #4320", "window 3 to 5pm", "nothing-matches", "order"];

const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
const pct = (xs: number[], p: number) => sorted(xs)[Math.min(xs.length - 1, Math.floor(xs.length * p))];
const line = (what: string, xs: number[]) =>
  `${what.padEnd(44)} median ${pct(xs, 0.5).toFixed(2)} ms, p95 ${pct(xs, 0.95).toFixed(2)} ms, max ${Math.max(...xs).toFixed(2)} ms (n=${xs.length})`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until<T>(what: string, check: () => T | undefined, timeoutMs = 5000): Promise<T> {
  const end = performance.now() + timeoutMs;
  for (;;) {
    const v = check();
    if (v) return v;
    if (performance.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(1);
  }
}

const row = (n: number, k: number): MessageRow => ({
  id: `msg_${n}_${k}`,
  conversationId: `cv_${n}`,
  inboxId: "inb_main",
  contactId: `ct_${n}`,
  direction: k % 2 ? "outbound" : "inbound",
  body: `Message ${k} about order #${1000 + n}, delivery window ${n % 7} to ${(n % 7) + 2}pm`,
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

async function searchLatency() {
  const w = await startSignedInWorker();
  const rows: MessageRow[] = [];
  for (let n = 0; n < CONVERSATIONS; n++) for (let k = 0; k < 4; k++) rows.push(row(n, k));
  await w.h.db.messages.bulkPut(rows);
  const search = async (query: string) => {
    const res = await w.route({ type: "search", query }, popupSender);
    if (!res?.ok) throw new Error(JSON.stringify(res));
    return res.data as { conversationIds: string[] };
  };
  await search("warm up"); // gathers the text once per change of the messages table
  const found = (await search("order #4320")).conversationIds;
  if (found.join() !== "cv_3320") throw new Error(`search found ${found.join()}`);
  const times: number[] = [];
  for (let i = 0; i < SAMPLES; i++)
    for (const q of QUERIES) {
      const t = performance.now();
      await search(q);
      times.push(performance.now() - t);
    }
  // The floor: the scan alone, over one lowercase string per conversation (what the worker keeps in memory).
  const texts = new Map<string, string>();
  for (const r of rows) texts.set(r.conversationId, `${texts.get(r.conversationId) ?? ""}\n${r.body.toLowerCase()}`);
  const joined = [...texts.values()];
  const floor: number[] = [];
  for (let i = 0; i < SAMPLES; i++)
    for (const q of QUERIES) {
      const words = q.toLowerCase().split(/\s+/);
      const t = performance.now();
      joined.filter((text) => words.every((word) => text.includes(word)));
      floor.push(performance.now() - t);
    }
  w.stop();
  return { times, floor };
}

async function pushLatency() {
  const inbox = new FakeInbox();
  for (let i = 1; i <= 3; i++) inbox.addConversation(i, { unread: true });
  const w = await startSignedInWorker({ inbox });
  const view = openView(w.hub);
  view.subscribe("i", { type: "inbox", filter: { limit: 2 } });
  await until("inbox", () => view.latest("i"));
  const times: number[] = [];
  let appliedAt = 0;
  const off = w.h.engine.onInbound(() => {
    appliedAt = performance.now();
  });
  for (let i = 0; i < SAMPLES; i++) {
    const body = `Is order ${i} ready?`;
    inbox.inbound(`cv_${(i % 3) + 1}`, body);
    const frame = await until("snapshot with the new preview", () =>
      view.frames.find((f) => f.type === "snapshot" && (f.data as InboxSnapshot).conversations[0]?.preview === body),
    );
    times.push(frame.at - appliedAt);
  }
  off();
  const snapshot = view.latest("i");
  w.stop();
  const pair = portPair("floor");
  const floor: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const t = performance.now();
    const got = new Promise<number>((resolve) => pair.worker.onMessage(() => resolve(performance.now())));
    pair.view.post(snapshot);
    floor.push((await got) - t);
  }
  return { times, floor };
}

const search = await searchLatency();
console.log(`search over cached text, ${CONVERSATIONS} conversations × 4 messages (target: max < 30 ms)`);
console.log(line("  search command", search.times));
console.log(line("  floor: bare scan of the same strings", search.floor));
const push = await pushLatency();
console.log("inbox push: inbound applied → subscriber's snapshot (target: < 50 ms)");
console.log(line("  event → fresh snapshot on the port", push.times));
console.log(line("  floor: one frame through the same port", push.floor));
process.exit(0);
