// Failed sign-ins counted per account, from any address: an attacker with many addresses still gets only
// `limit` guesses per lock period. Checked before the password is hashed, so a locked account costs nothing.
// A locked account unlocks by time; a right password before the lock clears the count.
import type { Kysely } from "kysely";
import type { Database } from "../db/schema";
import type { Executor } from "../db/executor";
import { AppError } from "../errors";
import { deleteLoginFailures, findLoginFailure, saveLoginFailure } from "./sessions.repository";

export interface LockoutRules {
  /** Failures within `lockMs` that lock the account. */
  limit: number;
  lockMs: number;
}

/** 429 while the account is locked, naming when it unlocks. */
export async function assertNotLocked(db: Executor, userId: string, at = new Date()): Promise<void> {
  const row = await findLoginFailure(db, userId);
  if (!row?.lockedUntil || row.lockedUntil <= at.toISOString()) return;
  const minutes = Math.max(1, Math.ceil((Date.parse(row.lockedUntil) - at.getTime()) / 60_000));
  const until = row.lockedUntil.slice(11, 16);
  throw new AppError(
    "rate_limited",
    `This account is locked after ${row.failures} failed sign-ins; try again after ${until} UTC (in ${minutes} minute${minutes === 1 ? "" : "s"})`,
    { lockedUntil: row.lockedUntil, retryAfterSeconds: Math.ceil((Date.parse(row.lockedUntil) - at.getTime()) / 1000) },
  );
}

/** Counts one failed sign-in; the one that reaches the limit locks the account. */
export async function recordFailedSignIn(db: Kysely<Database>, userId: string, rules: LockoutRules, at = new Date()): Promise<void> {
  try {
    await countFailure(db, userId, rules, at);
  } catch {
    await countFailure(db, userId, rules, at); // two first failures at once (PostgreSQL): the loser counts on the row the winner made
  }
}

async function countFailure(db: Kysely<Database>, userId: string, rules: LockoutRules, at: Date) {
  const now = at.toISOString();
  const windowStart = new Date(at.getTime() - rules.lockMs).toISOString();
  await db.transaction().execute(async (trx) => {
    const row = await findLoginFailure(trx, userId);
    // A count older than the window, or a lock that ran out, starts again.
    const fresh = !row || row.firstFailureAt < windowStart || (row.lockedUntil !== null && row.lockedUntil <= now);
    const failures = fresh ? 1 : row.failures + 1;
    const lockedUntil = failures >= rules.limit ? new Date(at.getTime() + rules.lockMs).toISOString() : null;
    await saveLoginFailure(trx, row !== undefined, { userId, failures, firstFailureAt: fresh ? now : row.firstFailureAt, lockedUntil });
  });
}

export async function clearFailedSignIns(db: Executor, userId: string): Promise<void> {
  await deleteLoginFailures(db, userId);
}
