// Opens the database named by DATABASE_URL: `sqlite:PATH` (the embedded default, `sqlite::memory:` for
// throwaway use) or `postgres://...`. Migrations run on open.
import fs from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import { Kysely, Migrator, PostgresDialect, SqliteDialect, type Migration } from "kysely";
import type { Database } from "./schema";
import { withStatementCache } from "./statement-cache";
import { startCheckpointer } from "./checkpointer";
import * as initial from "./migrations/001_initial";
import * as eventContactIndex from "./migrations/002_event_contact_index";
import * as messageClaimedBy from "./migrations/003_message_claimed_by";
import * as conversationDeliveryFailure from "./migrations/004_conversation_delivery_failure";
import * as sessionDevices from "./migrations/010_session_devices";
import * as loginLockout from "./migrations/011_login_lockout";
import * as messageUncertainSince from "./migrations/020_message_uncertain_since";
import * as eventPosition from "./migrations/030_event_position";
import * as pushInvitesSettings from "./migrations/080_push_invites_settings";
import * as userDeactivated from "./migrations/060_user_deactivated";
import * as media from "./migrations/070_media";
import * as crm from "./migrations/090_crm";
import * as webhooks from "./migrations/100_webhooks";
import * as automations from "./migrations/110_automations";
import * as automationTimers from "./migrations/130_automation_timers";
import * as scheduledSends from "./migrations/200_scheduled_sends";
import * as inboundMediaFetch from "./migrations/250_inbound_media_fetch";
import * as audit from "./migrations/260_audit";
import * as apiKeys from "./migrations/120_api_keys";
import * as contactEvents from "./migrations/140_contact_events";
import * as hookSources from "./migrations/150_hook_sources";
import * as analytics from "./migrations/170_analytics";
import * as ai from "./migrations/180_ai";
import * as aiLocations from "./migrations/270_ai_locations";
import * as automationSteps from "./migrations/280_automation_steps";
import * as locations from "./migrations/160_locations";
import * as contactTags from "./migrations/190_contact_tags";
import * as memberAvailability from "./migrations/290_member_availability";
import * as analyticsTags from "./migrations/310_analytics_tags";
import * as crmJobPosition from "./migrations/320_crm_job_position";
import * as conversationContactIndex from "./migrations/330_conversation_contact_index";
import * as eventPositionsNumbered from "./migrations/350_event_positions_numbered";
import * as automationRuleVersion from "./migrations/340_automation_rule_version";
import * as automationSkips from "./migrations/370_automation_skips_and_restarts";
import * as automationTimerPartialIndexes from "./migrations/380_automation_timer_partial_indexes";
import * as sequenceTurnTransaction from "./migrations/390_sequence_turn_transaction";
import * as automationRestarts from "./migrations/400_automation_restarts";

export type Dialect = "sqlite" | "postgres";
export interface Db {
  db: Kysely<Database>;
  dialect: Dialect;
  /** The raw better-sqlite3 handle for hot paths that use prepared statements (SQLite only). */
  sqlite: SQLite.Database | null;
  close(): Promise<void>;
}

const migrations: Record<string, Migration> = {
  "001_initial": initial,
  "002_event_contact_index": eventContactIndex,
  "003_message_claimed_by": messageClaimedBy,
  "004_conversation_delivery_failure": conversationDeliveryFailure,
  "010_session_devices": sessionDevices,
  "011_login_lockout": loginLockout,
  "020_message_uncertain_since": messageUncertainSince,
  "030_event_position": eventPosition,
  "080_push_invites_settings": pushInvitesSettings,
  "060_user_deactivated": userDeactivated,
  "070_media": media,
  "090_crm": crm,
  "100_webhooks": webhooks,
  "110_automations": automations,
  "130_automation_timers": automationTimers,
  "200_scheduled_sends": scheduledSends,
  "250_inbound_media_fetch": inboundMediaFetch,
  "260_audit": audit,
  "120_api_keys": apiKeys,
  "140_contact_events": contactEvents,
  "150_hook_sources": hookSources,
  "170_analytics": analytics,
  "180_ai": ai,
  "270_ai_locations": aiLocations,
  "280_automation_steps": automationSteps,
  "160_locations": locations,
  "190_contact_tags": contactTags,
  "290_member_availability": memberAvailability,
  "310_analytics_tags": analyticsTags,
  "320_crm_job_position": crmJobPosition,
  "330_conversation_contact_index": conversationContactIndex,
  "350_event_positions_numbered": eventPositionsNumbered,
  "340_automation_rule_version": automationRuleVersion,
  "370_automation_skips_and_restarts": automationSkips,
  "380_automation_timer_partial_indexes": automationTimerPartialIndexes,
  "390_sequence_turn_transaction": sequenceTurnTransaction,
  "400_automation_restarts": automationRestarts,
};

export async function openDatabase(url: string): Promise<Db> {
  const result = url.startsWith("postgres://") || url.startsWith("postgresql://") ? await openPostgres(url) : openSqlite(url);
  const migrator = new Migrator({ db: result.db, provider: { getMigrations: async () => migrations } });
  const { error } = await migrator.migrateToLatest();
  if (error) throw error;
  return result;
}

function openSqlite(url: string): Db {
  const file = url.replace(/^sqlite:/, "");
  if (file !== ":memory:") fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new SQLite(file);
  sqlite.pragma("journal_mode = WAL");
  // FULL: a commit is fsynced before it returns, so what the server answered 2xx for (an inbound webhook,
  // a queued send) survives an OS crash or power loss, not only a crash of the process (invariant 8).
  // NORMAL in WAL mode can lose the last commits; the group commit shares one fsync among a burst.
  sqlite.pragma("synchronous = FULL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  const checkpointer = file === ":memory:" ? null : startCheckpointer(sqlite, file);
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  return {
    db,
    dialect: "sqlite",
    sqlite,
    // The checkpointer's connection closes first, so that the last one to close folds the WAL into the file.
    close: async () => {
      await checkpointer?.stop();
      await db.destroy();
    },
  };
}

async function openPostgres(url: string): Promise<Db> {
  const { default: pg } = await import("pg");
  // bigint (event seq, count(*)) comes back as a number, as on SQLite: seq stays far below 2^53.
  const types = { getTypeParser: (oid: number, format?: "text" | "binary") => (oid === pg.types.builtins.INT8 ? Number : pg.types.getTypeParser(oid, format)) };
  // A writer that hangs (a stuck request, a lost client) must not hold its row locks for long (DESIGN.md, PostgreSQL).
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    types: types as import("pg").CustomTypesConfig,
    statement_timeout: 30_000,
    idle_in_transaction_session_timeout: 60_000,
  });
  // A connection the server dropped (a restart, a failover, a terminated backend) is replaced on next use;
  // without listeners its error would end the process (node-postgres emits it on the client in use, too,
  // after failing its query, and on the pool for an idle one).
  pool.on("error", (err) => console.error("database: an idle connection was lost:", err.message));
  pool.on("connect", (client) => client.on("error", () => {}));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, dialect: "postgres", sqlite: null, close: () => db.destroy() };
}
