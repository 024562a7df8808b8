// What the CLI works in: its own connection to the server's database and a bus nobody listens to. Access
// changes still reach running servers: by NOTIFY on PostgreSQL (cluster/access-notice.ts), through
// PRAGMA data_version on SQLite (events/outside-changes.ts). Kept apart from cli.ts so tests run the same.
import type { ServerConfig } from "./config";
import type { ServerContext } from "./context";
import { openDatabase } from "./db/database";
import { EventBus } from "./events/event-bus";

export async function withCliContext<T>(config: ServerConfig, work: (ctx: ServerContext) => Promise<T>): Promise<T> {
  const database = await openDatabase(config.databaseUrl);
  const ctx: ServerContext = {
    config,
    database,
    bus: new EventBus(),
    log: { error: (details, message) => console.error(`${message}:`, details) },
    cluster: null,
    nudgeDelivery: () => {},
    onClose: () => {},
  };
  try {
    return await work(ctx);
  } finally {
    await database.close();
  }
}
