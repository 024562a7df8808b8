// The automation tables (migration 110_automations), typed beside the code that uses them.
import type { ColumnType, Kysely, Transaction } from "kysely";
import type { Executor } from "../db/executor";

interface AutomationRuleTable {
  id: string;
  name: string;
  enabled: number;
  priority: number;
  stopLower: number;
  /** JSON: trigger, match, conditions, actions. */
  definition: string;
  createdAt: string;
  updatedAt: string;
}
interface AutomationRunTable {
  id: string;
  ruleId: string;
  /** The feed position of the event that triggered it: (ruleId, triggerKey) is unique, so a rule fires once per event. */
  triggerKey: string;
  conversationId: string | null;
  outcome: string; // fired | skipped
  detail: string; // JSON array of lines
  createdAt: string;
}
interface AutomationTables {
  automationRule: AutomationRuleTable;
  /** Migration 340: bumped by triggers on automationRule in every writer's transaction (./rule-set.ts). */
  automationRuleVersion: { id: number; version: number | string };
  automationCursor: { id: number; position: number };
  automationRun: AutomationRunTable;
  automationRoundRobin: { ruleId: string; lastUserId: string };
  inboxHours: { inboxId: string; schedule: string; updatedAt: string };
  automationTimer: {
    id: string;
    ruleId: string;
    triggerKey: string;
    conversationId: string;
    dueAt: string;
    status: string; // pending | done | cancelled
    claimedBy: string | null;
    claimedUntil: string | null;
    createdAt: string;
    /** 290: how many times it was claimed (a run that keeps failing is given up). */
    attempts: ColumnType<number, number | undefined, number>;
    /** 370: the feed position of its latest start (a restart moves the timer in place) and how many restarts it had. */
    startPosition: ColumnType<number | string, number | undefined, number>;
    restarts: ColumnType<number, number | undefined, number>;
  };
  /** Migration 400: the latest text that restarted a conversation's no-reply waits of a kind (./restarts.ts). */
  automationRestart: { conversationId: string; kind: string; position: number | string; at: string };
  /** Migration 370: one row per evaluated event with every rule it skipped (./skip-log.ts). */
  automationSkip: { position: number | string; conversationId: string | null; rules: string; reasons: string; createdAt: string };
  /** Migration 370: the blocks of feed positions holding a rule's skips (./skip-log.ts). */
  automationSkipRange: { ruleId: string; block: number | string };
  /** Migration 290: whether a teammate set themselves away, and when a client of theirs was last seen. */
  memberAvailability: { userId: string; away: number; lastSeenAt: string | null; updatedAt: string };
  /** Migration 200: a rep's send later, or a rule's text held back by quiet hours. */
  scheduledSend: {
    id: string;
    conversationId: string;
    inboxId: string;
    authorId: string;
    body: string;
    sendAt: string;
    cancelOn: string; // JSON array of CancelEvent
    clientId: string;
    status: string; // pending | sent | cancelled | failed
    reason: string | null;
    messageId: string | null;
    afterPosition: number | string;
    claimedBy: string | null;
    claimedUntil: string | null;
    createdAt: string;
    updatedAt: string;
  };
  quietHours: { id: number; enabled: number; fromTime: string; toTime: string; updatedAt: string };
}
type AutomationDb = Kysely<AutomationTables> | Transaction<AutomationTables>;

/** The same connection seen with the automation tables' types. */
export const automationDb = (db: Executor) => db as unknown as AutomationDb;
