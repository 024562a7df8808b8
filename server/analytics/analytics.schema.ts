// The analytics tables (migration 170_analytics), typed beside the code that uses them.
import type { Kysely, Transaction } from "kysely";
import type { Executor } from "../db/executor";

/** What the metrics need to remember about a conversation between events. */
export interface ConversationState {
  conversationId: string;
  inboxId: string;
  contactId: string;
  status: string;
  assigneeId: string | null;
  /** When the current episode (the conversation's opening or a reopening) started; null while resolved. */
  episodeStartAt: string | null;
  /** 1 until a person answered in this episode. */
  awaitingFirst: number;
  firstInboundAt: string | null;
  /** The earliest customer text not answered yet. */
  waitingSince: string | null;
  slaKind: string | null;
  slaDueAt: string | null;
  slaBreachedAt: string | null;
  lastEventAt: string;
}
export interface DailyRow {
  day: string;
  inboxId: string;
  /** A person's id; "" none (automated or unassigned); "*" every agent together; "#<tag>" the conversations whose contact had the tag (310). */
  agentId: string;
  opened: number;
  resolved: number;
  inbound: number;
  outbound: number;
  automated: number;
  failed: number;
  inboundSegments: number;
  outboundSegments: number;
  optOuts: number;
  breaches: number;
  durations: string;
}
interface AnalyticsTables {
  analyticsCursor: { id: number; position: number };
  analyticsConversation: ConversationState;
  analyticsDaily: DailyRow;
  analyticsFailedMessage: { messageId: string };
  /** 310: each contact's tags as the feed last carried them (JSON array). */
  analyticsContactTags: { contactId: string; tags: string };
  slaTarget: { inboxId: string; firstResponseMinutes: number | null; replyMinutes: number | null; businessHours: number; updatedAt: string };
}
type AnalyticsDb = Kysely<AnalyticsTables> | Transaction<AnalyticsTables>;

/** The same connection seen with the analytics tables' types. */
export const analyticsDb = (db: Executor) => db as unknown as AnalyticsDb;
