// The webhook tables (migration 100_webhooks), typed beside the code that uses them rather than in db/schema.ts.
import type { Kysely, Transaction } from "kysely";
import type { Database } from "../../db/schema";
import type { Executor } from "../../db/executor";
import type { JobColumns } from "../../db/job-columns";

export interface WebhookEndpointTable {
  id: string;
  url: string;
  description: string;
  /** JSON array of subscribed event types. */
  eventTypes: string;
  secretSealed: string;
  /** After a rotation: the old secret, which keeps signing beside the new one until previousSecretUntil. */
  previousSecretSealed: string | null;
  previousSecretUntil: string | null;
  disabledAt: string | null;
  disabledReason: string | null;
  createdAt: string;
  updatedAt: string;
}
export interface WebhookCursorTable {
  id: number;
  position: number;
}
/** One delivery of one event to one endpoint; claimed by one sender at a time (webhook-sender.ts). */
export interface WebhookJobTable extends JobColumns {
  id: string;
  endpointId: string;
  /** The Standard Webhooks `webhook-id`: the same on every retry and replay of this delivery's event. */
  messageId: string;
  eventType: string;
  /** Deliveries with the same key reach an endpoint in feed order (the conversation, or the contact). */
  orderKey: string;
  position: number;
  payload: string;
  status: string; // pending | delivered | failed | cancelled
}
export interface WebhookAttemptTable {
  id: string;
  jobId: string;
  endpointId: string;
  at: string;
  statusCode: number | null;
  error: string | null;
  responseExcerpt: string | null;
  durationMs: number;
}

export interface WebhookTables {
  webhookEndpoint: WebhookEndpointTable;
  webhookCursor: WebhookCursorTable;
  webhookJob: WebhookJobTable;
  webhookAttempt: WebhookAttemptTable;
}
type HooksDb = Kysely<Database & WebhookTables> | Transaction<Database & WebhookTables>;
export const hooksDb = (db: Executor) => db as unknown as HooksDb;
