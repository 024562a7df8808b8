// The demo's month of history (issue 18): every demo inbox gets 30 days of conversations (history-plan.ts),
// stored as rows and feed events with their past times, so the analytics pages have trends from the first
// start; SLA targets on every inbox. The Airport desk has a slow, failing last week (the roll-up flags it).
// Bulk inserts in one transaction: about a second on SQLite, once (seedDemo is idempotent).
import type { ServerContext } from "../context";
import { analyticsDb } from "../analytics/analytics.schema";
import { newId } from "../ids";
import { type FeedRow, type InboxProfile, materialise, planDay, seeded } from "./history-plan";

const DAYS = 30;
const DAY_MS = 86_400_000;
const CHUNK = 200;
const TARGET = { first: 15, reply: 30 };

export async function seedDemoHistory(ctx: ServerContext, now = Date.now()): Promise<void> {
  const { db } = ctx.database;
  const inboxes = await db.selectFrom("inbox").select(["id", "name"]).orderBy("createdAt").orderBy("name").execute();
  const members = await db.selectFrom("inboxMember").select(["inboxId", "userId"]).execute();
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
    const insert = async (table: "contact" | "conversation" | "message" | "event", rows: unknown[]) => {
      for (let i = 0; i < rows.length; i += CHUNK)
        await trx
          .insertInto(table)
          .values(rows.slice(i, i + CHUNK) as never)
          .execute();
    };
    await insert("contact", contacts);
    await insert("conversation", conversations);
    await insert("message", messages);
    await insert("event", events);
    const updatedAt = new Date(now).toISOString();
    await analyticsDb(trx)
      .insertInto("slaTarget")
      .values(inboxes.map((i) => ({ inboxId: i.id, firstResponseMinutes: TARGET.first, replyMinutes: TARGET.reply, businessHours: 0, updatedAt })))
      .execute();
  });
}
