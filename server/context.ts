// What every module of the server shares, built once by buildApp and decorated on the Fastify instance.
import type { ServerConfig } from "./config";
import type { Db } from "./db/database";
import type { EventBus } from "./events/event-bus";
import type { Cluster } from "./cluster/postgres-cluster";

/** Where background work reports what went wrong: the app's logger (Fastify's pino), or stderr in the CLI. */
export interface ServerLog {
  error(details: unknown, message: string): void;
}

export interface ServerContext {
  config: ServerConfig;
  database: Db;
  bus: EventBus;
  log: ServerLog;
  /** On PostgreSQL: the link to the other instances (their events, presence, liveness); null on SQLite. */
  cluster: Cluster | null;
  /** Wakes the outbound worker after a message was queued (it also polls, so this is only a nudge). */
  nudgeDelivery(): void;
  /** Timers and workers register their stop here so `app.close()` ends them all. */
  onClose(stop: () => Promise<void> | void): void;
}
