// Recent token checks, remembered for at most TTL_MS. Every authenticated request would otherwise read the
// token and the user's memberships again (two queries, ~7 % of the inbound path in bench/ingest.ts).
// An entry is dropped the moment this process hears of an access change for its user or token: this
// instance's own changes and, on PostgreSQL, the other instances' (cluster/access-notice.ts); a change to a
// SQLite database by another process (the CLI) drops them all within a second (events/outside-changes.ts).
// TTL_MS bounds anything no signal reaches. With several instances (PostgreSQL) another instance's notice
// arrives a few milliseconds after its commit (LISTEN); while this instance's listening connection is down
// (notices would be lost) nothing is remembered or served from memory, and what was remembered is dropped
// (postgres-cluster.ts announces an "outside" change when it goes down and when it is back). A session due
// for a new "last used" (and idle deadline) is read again, which writes them (sessions.ts touchedSession).
// Requests that miss at once share one read: when an entry ran out, the 32 requests in flight of a busy
// client each read the session and memberships again (four queries each, every 2 s). A request joins only a
// read begun since the last access change, so none is answered from before a change it came after.
import type { EventBus, AccessChange } from "../events/event-bus";
import { isExpired, type AuthedUser, type Session } from "./authenticate";
import { hashToken } from "./passwords";
import { touchedSession } from "./sessions";

const TTL_MS = 2000;
const MAX_ENTRIES = 10_000;

interface Entry {
  session: Session;
  at: number;
}

export class SessionCache {
  private entries = new Map<string, Entry>();
  /** Reads under way, by token hash, with the generation they began in. */
  private reading = new Map<string, { generation: number; session: Promise<Session | null> }>();
  /** Bumped by every access change: a read that began before one is not remembered. */
  private generation = 0;
  private stopListening: () => void;

  constructor(
    bus: EventBus,
    private load: (tokenHash: string) => Promise<Session | null>,
    private ttlMs = TTL_MS,
    /** Whether this process hears every access change now (false: the cluster's listener is down). */
    private hearsChanges: () => boolean = () => true,
  ) {
    this.stopListening = bus.onAccessChange((change) => this.forget(change));
  }

  async userFor(token: string): Promise<AuthedUser | null> {
    const tokenHash = hashToken(token);
    const now = Date.now();
    const known = this.entries.get(tokenHash);
    const due = known?.session.times ? touchedSession(known.session.times, now) !== null : false;
    const remembering = this.ttlMs > 0 && this.hearsChanges();
    if (known && remembering && now - known.at < this.ttlMs && !isExpired(known.session, new Date(now)) && !due) return known.session.user;
    this.entries.delete(tokenHash);
    const generation = this.generation;
    const session = await (remembering ? this.readOnce(tokenHash, generation) : this.load(tokenHash));
    if (!session || isExpired(session)) return null;
    freeze(session.user);
    if (remembering && generation === this.generation && this.hearsChanges()) {
      if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
      this.entries.set(tokenHash, { session, at: now });
    }
    return session.user;
  }

  private readOnce(tokenHash: string, generation: number): Promise<Session | null> {
    const under = this.reading.get(tokenHash);
    if (under && under.generation === generation) return under.session;
    const session = this.load(tokenHash).finally(() => {
      if (this.reading.get(tokenHash)?.session === session) this.reading.delete(tokenHash);
    });
    this.reading.set(tokenHash, { generation, session });
    return session;
  }

  stop() {
    this.stopListening();
    this.entries.clear();
  }

  private forget(change: AccessChange) {
    this.generation++;
    if (change.type === "signed_out") this.entries.delete(change.tokenHash);
    else if (change.type === "outside") this.entries.clear();
    else {
      const users = new Set(change.userIds);
      for (const [tokenHash, entry] of this.entries) if (users.has(entry.session.user.id)) this.entries.delete(tokenHash);
    }
  }
}

/** One user object serves many requests: nothing may change it in place. */
function freeze(user: AuthedUser) {
  Object.freeze(user.inboxIds);
  for (const ids of [user.adminInboxIds, user.adminLocationIds, user.locationIds]) if (ids) Object.freeze(ids);
  Object.freeze(user);
}
