// Which `sending` messages were interrupted. On SQLite one process sends: at start, every send left in
// flight was interrupted. On PostgreSQL several instances send at once: a send is interrupted only when the
// instance that claimed it is gone, which PostgreSQL tells us: each instance holds a session advisory lock
// (postgres-cluster.ts) that disappears with its connection.
import { sql, type Expression, type ExpressionBuilder, type SqlBool } from "kysely";
import type { ServerContext } from "../context";
import type { Database } from "../db/schema";
import { INSTANCE_LOCK_SPACE } from "../cluster/postgres-cluster";

export function claimedByGoneInstance(ctx: ServerContext) {
  return (eb: ExpressionBuilder<Database, "message">): Expression<SqlBool> => {
    if (!ctx.cluster) return sql<SqlBool>`1 = 1`;
    const live = sql<SqlBool>`${eb.ref("claimedBy")} in (select objid::text from pg_locks where locktype = 'advisory' and classid = ${INSTANCE_LOCK_SPACE}::oid and objsubid = 2 and granted)`;
    return eb.or([eb("claimedBy", "is", null), eb.not(live)]);
  };
}
