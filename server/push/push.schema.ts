// The Web Push tables (migration 080), part of the server's Database type (db/schema.ts).
import type { JobColumns } from "../db/job-columns";

/** 080: a browser's Web Push subscription (one device of a user). */
export interface PushSubscriptionTable {
  id: string;
  userId: string;
  endpoint: string;
  p256dh: string;
  auth: string;
  label: string | null;
  userAgent: string | null;
  createdAt: string;
  lastPushedAt: string | null;
}
export interface PushMuteTable {
  userId: string;
  conversationId: string;
  createdAt: string;
}
/** Do-not-disturb hours: "HH:MM" to "HH:MM" in the user's IANA time zone (may wrap past midnight). */
export interface PushQuietHoursTable {
  userId: string;
  start: string;
  end: string;
  timeZone: string;
}
export interface PushVapidTable {
  id: number;
  publicKey: string;
  privateKeySealed: string;
}
export interface PushCursorTable {
  id: number;
  position: number;
}
/** One push of one inbound message to one device; claimed by one sender at a time (push-sender.ts). */
export interface PushJobTable extends JobColumns {
  id: string;
  messageId: string;
  subscriptionId: string;
  payload: string;
  topic: string;
}

export interface PushTables {
  pushSubscription: PushSubscriptionTable;
  pushMute: PushMuteTable;
  pushQuietHours: PushQuietHoursTable;
  pushCursor: PushCursorTable;
  pushVapid: PushVapidTable;
  pushJob: PushJobTable;
}
