// The demo's month of history (issue 18): every demo inbox gets 30 days of conversations (history-plan.ts),
// stored as rows and feed events with their past times, so the analytics pages have trends from the first
// start; SLA targets on every inbox. The Airport desk has a slow, failing last week (the roll-up flags it).
// Bulk inserts in one transaction: about a second on SQLite, once (seedDemo is idempotent).
import type { ServerContext } from "../context";
import { saveTargets } from "../analytics/sla.repository";
import { inboxesWithMembers, insertMany } from "./history.repository";
import { newId } from "../ids";
import { type FeedRow, type InboxProfile, materialise, planDay, seeded } from "./history-plan";

const DAYS = 30;
const DAY_MS = 86_400_000;
const TARGET = { first: 15, reply: 30 };

export async function seedDemoHistory(ctx: ServerContext, now = Date.now()): Promise<void> {
  const { db } = ctx.database;
  const { inboxes, members } = await inboxesWithMembers(db);
  const rnd = seeded(18);
  const today = Math.floor(now / DAY_MS) * DAY_MS;
  const contacts: unknown[] = [];
  const conversations: unknown[] = [];
  const messages: unknown[] = [];
  const events: FeedRow[] = [];
  let phone = 0;
  for (const inbox of inboxes) {
    const base: InboxProfile = {
      id: inbox.id,
      members: members.filter((m) => m.inboxId === inbox.id).map((m) => m.userId),
      perDay: inbox.name.startsWith("Main") ? 14 : 8,
      replyMinutes: inbox.name.startsWith("Support") ? 8 : 4,
      failRate: 0.02,
      optOutRate: 0.01,
    };
    for (let d = DAYS; d >= 0; d--) {
      const lastWeek = d < 7 && inbox.name.startsWith("Airport");
      const profile = lastWeek ? { ...base, replyMinutes: 45, failRate: 0.15, optOutRate: 0.05 } : base;
      for (const plan of planDay(rnd, profile, today - d * DAY_MS, newId)) {
        if (plan.steps[0].at > now) continue;
        const m = materialise(plan, `+1628555${String(phone++).padStart(4, "0")}`, now, newId, TARGET);
        contacts.push({ ...m.contact, attributes: "{}" });
        conversations.push({ ...m.conversation, readBy: "{}" });
        for (const msg of m.messages)
          messages.push({ ...msg, media: "[]", deliveryOverdue: 0, sendAttempts: msg.direction === "outbound" ? 1 : 0, nextAttemptAt: null });
        events.push(...m.events);
      }
    }
  }
  // The feed in time order, as the server would have written it.
  events.sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0));
  await db.transaction().execute(async (trx) => {
    await insertMany(trx, "contact", contacts);
    await insertMany(trx, "conversation", conversations);
    await insertMany(trx, "message", messages);
    await insertMany(trx, "event", events);
    const targets = inboxes.map((i) => ({ inboxId: i.id, firstResponseMinutes: TARGET.first, replyMinutes: TARGET.reply, businessHours: false }));
    await saveTargets(trx, targets, new Date(now).toISOString());
  });
}
