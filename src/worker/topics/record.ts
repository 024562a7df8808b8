// Topic "record": the CRM record open in the panel's tab (or in the tab Chrome's side panel follows),
// the number the rep gave for it, and when each of its numbers last had a conversation in the cache (the
// panel opens on the most recent one).
import type { RecordSnapshot, Topic } from "../../protocol/messages";
import type { WorkerContext } from "../context";

type RecordTopic = Extract<Topic, { type: "record" }>;

export async function recordSnapshot(ctx: WorkerContext, topic: RecordTopic, portTabId: number | null): Promise<RecordSnapshot> {
  const tabId = topic.tabId ?? portTabId;
  if (tabId === null) return { tabId, record: null, picked: null, lastMessageAt: {} };
  const [record, picked] = await Promise.all([ctx.records.get(tabId), ctx.records.picked(tabId)]);
  const numbers = [...new Set([...(record?.phones ?? []).map((p) => p.e164), ...(picked ? [picked.phone.e164] : [])])];
  return { tabId, record, picked, lastMessageAt: record ? await lastMessageAt(ctx, numbers) : {} };
}

/** Newest lastMessageAt per number, from the contacts and conversations already cached (no lookup). */
async function lastMessageAt(ctx: WorkerContext, numbers: string[]): Promise<Record<string, string>> {
  if (numbers.length === 0) return {};
  const contacts = await ctx.db.contacts.where("phoneNumber").anyOf(numbers).toArray();
  const byContact = new Map(contacts.map((c) => [c.id, c.phoneNumber]));
  const conversations = contacts.length
    ? await ctx.db.conversations
        .where("contactId")
        .anyOf([...byContact.keys()])
        .toArray()
    : [];
  const newest: Record<string, string> = {};
  for (const c of conversations) {
    const e164 = byContact.get(c.contactId);
    const at = c.sortAt;
    if (e164 && at && (!newest[e164] || at > newest[e164])) newest[e164] = at;
  }
  return newest;
}
