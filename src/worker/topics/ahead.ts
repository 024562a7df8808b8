// What the CRM panel asks for right after a record opens in its tab: the chosen number's `phone` topic, then
// the `thread` of that number's newest conversation (the panel can only ask for the thread once the phone
// snapshot has named it: two round trips, one after the other). Computed here as soon as the content script
// reports the record, so each of the panel's subscriptions finds its first snapshot ready instead of waiting
// for IndexedDB reads on a busy worker. The choices are the panel's own (src/ui/panel/PanelApp.tsx picks the
// number, src/ui/panel/PanelNumber.tsx the conversation); a wrong guess only costs the reads.
import type { Topic, TopicData, TopicType } from "../../protocol/messages";
import { choosePhone } from "../../ui/panel/choose-number";
import type { WorkerContext } from "../context";
import { phoneSnapshot } from "./phone";
import { recordSnapshot } from "./record";
import { threadSnapshot } from "./thread";

type Ahead = (topic: Topic, data: Promise<TopicData[TopicType]>) => void;

export async function computeAheadOfPanel(ctx: WorkerContext, tabId: number, put: Ahead): Promise<void> {
  const { record, picked, lastMessageAt } = await recordSnapshot(ctx, { type: "record" }, tabId);
  const e164 = record ? (picked?.phone.e164 ?? choosePhone(record.phones, lastMessageAt)?.e164) : null;
  if (!e164) return;
  const phone = phoneSnapshot(ctx, e164);
  put({ type: "phone", e164 }, phone);
  const conversation = newestConversation((await phone).conversations);
  if (conversation) put({ type: "thread", conversationId: conversation.id }, threadSnapshot(ctx, conversation.id));
}

/** The conversation PanelNumber opens on: the newest one's inbox, that inbox's conversation with the number. */
export function newestConversation<C extends { id: string; inboxId: string; lastMessageAt?: string | null }>(conversations: C[]): C | undefined {
  const newest = conversations.reduce<C | undefined>((best, c) => (!best || (c.lastMessageAt ?? "") > (best.lastMessageAt ?? "") ? c : best), undefined);
  return newest && conversations.find((c) => c.inboxId === newest.inboxId);
}
