// Unsent texts outlive their author's session (sign-out, an expired or revoked token, another user signing
// in): they are parked under their owner (server + user) and come back when that user signs in to that
// server again, with their clientIds, so the server sends each at most once. Another user on the profile
// never has them in the outbox: no view shows them and their engine never sends them.
import type { ParkedOutboxRow, Session } from "../db/rows";
import type { SidetextDb } from "../db/schema";
import type { WaitingToSend } from "../protocol/snapshots";

const outboxOwner = (s: Pick<Session, "serverUrl" | "user">) => `${s.serverUrl}|${s.user.id}`;

/** Moves everything in the outbox to the parked table under the session's user. */
export async function parkOutbox(db: SidetextDb, session: Session): Promise<void> {
  await db.transaction("rw", [db.outbox, db.parkedOutbox], async () => {
    const rows = await db.outbox.toArray();
    if (!rows.length) return;
    const owner = outboxOwner(session);
    await db.parkedOutbox.bulkPut(
      rows.map((row): ParkedOutboxRow => ({ ...row, nextAttemptAt: 0, owner, email: session.user.email, serverUrl: session.serverUrl })),
    );
    await db.outbox.clear();
  });
}

/** Back into the outbox: the parked sends of the user who just signed in (theirs only). */
export async function unparkOutbox(db: SidetextDb, session: Session): Promise<number> {
  return db.transaction("rw", [db.outbox, db.parkedOutbox], async () => {
    const mine = await db.parkedOutbox.where("owner").equals(outboxOwner(session)).toArray();
    if (!mine.length) return 0;
    await db.outbox.bulkPut(mine.map(({ owner: _o, email: _e, serverUrl: _s, ...row }) => row));
    await db.parkedOutbox.bulkDelete(mine.map((r) => r.clientId));
    return mine.length;
  });
}

export async function waitingToSend(db: SidetextDb): Promise<WaitingToSend[]> {
  const byOwner = new Map<string, WaitingToSend>();
  for (const row of await db.parkedOutbox.toArray()) {
    const entry = byOwner.get(row.owner) ?? { serverUrl: row.serverUrl, email: row.email, count: 0 };
    entry.count++;
    byOwner.set(row.owner, entry);
  }
  return [...byOwner.values()];
}
