// On SQLite the CLI changes the database from its own process, and nothing tells the running server. SQLite
// does: `PRAGMA data_version` moves when another connection commits (not for this connection's own writes
// or checkpoints). Checked every second, a move is announced as an access change of unknown extent: open
// streams re-read every socket's session and memberships (stream/access-guard.ts) and remembered token
// checks are dropped (auth/session-cache.ts). On PostgreSQL the CLI announces by NOTIFY instead
// (cluster/access-notice.ts).
import type { ServerContext } from "../context";

const CHECK_MS = 1000;

export function watchOutsideChanges(ctx: Pick<ServerContext, "database" | "bus">, everyMs = CHECK_MS): () => void {
  const sqlite = ctx.database.sqlite;
  if (!sqlite) return () => {};
  const version = () => sqlite.pragma("data_version", { simple: true }) as number;
  let seen = version();
  const timer = setInterval(() => {
    if (!sqlite.open) return;
    const now = version();
    if (now === seen) return;
    seen = now;
    ctx.bus.accessChanged({ type: "outside" });
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
