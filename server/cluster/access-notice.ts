// Access changes (a membership changed, a session was signed out) reach the other instances from inside the
// transaction that makes them: a pg_notify in a transaction is delivered at its commit, in commit order with
// every other notification, so an instance hears "bob left Support line" before the announcement of any
// event committed after it (events are announced after their commit: postgres-cluster.ts). The CLI shares
// the database and announces too, as instance 0. A notice lost while an instance's listening connection
// was down is made up by the stream's periodic recheck (stream/access-guard.ts).
import type { ServerContext } from "../context";
import type { Executor } from "../db/executor";
import type { AccessChange } from "../events/event-bus";
import { notifyAtCommit } from "./cluster.repository";

export const ACCESS_CHANNEL = "sidetext_access";
/** A notification's payload stays under PostgreSQL's 8000 bytes: long member lists go in several. */
const USERS_PER_NOTICE = 100;

export interface AccessNotice {
  /** The announcing instance (it already told its own sockets); 0 for the CLI. */
  instanceId: number;
  change: AccessChange;
}

/** Call inside the transaction that changes access; does nothing on SQLite (one instance). */
export async function announceAccessChange(trx: Executor, ctx: Pick<ServerContext, "database" | "cluster">, change: AccessChange) {
  if (ctx.database.dialect !== "postgres") return;
  const instanceId = ctx.cluster?.instanceId ?? 0;
  const parts: AccessChange[] =
    change.type === "membership" ? chunks(change.userIds, USERS_PER_NOTICE).map((userIds) => ({ type: "membership", userIds })) : [change];
  for (const part of parts) {
    await notifyAtCommit(trx, ACCESS_CHANNEL, JSON.stringify({ instanceId, change: part } satisfies AccessNotice));
  }
}

function chunks<T>(list: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}
