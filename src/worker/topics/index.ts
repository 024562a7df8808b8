// Topic → snapshot, and which changes can affect which topic (so a write recomputes only what it may change).
import type { TableName } from "../../db/schema";
import type { Topic, TopicData, TopicType } from "../../protocol/messages";
import type { WorkerContext } from "../context";
import { inboxSnapshot } from "./inbox";
import { phoneSnapshot } from "./phone";
import { recordSnapshot } from "./record";
import { sessionSnapshot } from "./session";
import { threadSnapshot } from "./thread";

export async function computeTopic(ctx: WorkerContext, topic: Topic, tabId: number | null): Promise<TopicData[TopicType]> {
  switch (topic.type) {
    case "session":
      return sessionSnapshot(ctx);
    case "inbox":
      return inboxSnapshot(ctx, topic.filter);
    case "thread":
      return threadSnapshot(ctx, topic.conversationId);
    case "phone":
      return phoneSnapshot(ctx, topic.e164);
    case "record":
      return recordSnapshot(ctx, topic, tabId);
  }
}

export const tablesByTopic: Record<TopicType, ReadonlySet<TableName>> = {
  session: new Set(["meta"]),
  inbox: new Set(["conversations", "contacts", "users", "inboxes", "templates", "outbox", "meta"]),
  thread: new Set(["conversations", "contacts", "messages", "notes", "activities", "outbox", "threads", "inboxes", "users", "templates"]),
  phone: new Set(["contacts", "conversations", "inboxes"]),
  // The cached conversations of the record's numbers say which one the panel opens on.
  record: new Set(["contacts", "conversations"]),
};
