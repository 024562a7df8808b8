// Open streams follow access changes at once (invariant 4). A socket keeps the user and the memberships it
// signed in with, so when those change it is cut: taken out of the hub and the presence board first (nothing
// of any inbox is written to it after the change), then told why and closed:
//  - its session was signed out or expired → {type:"error", code:"unauthorized"}, close 4401: signed out;
//  - the user's memberships changed → {type:"access_changed"}, close 4410: bootstrap again, then reconnect.
// Changes come through the bus, from this instance's services and from the others (cluster/access-notice.ts).
// Expiry is checked from memory every second; every RECHECK_MS every socket's session and memberships are
// read again, for a change no signal reached (the CLI on SQLite runs in another process; a notice lost while
// an instance's listening connection was down).
import type { ServerFrame } from "../../src/protocol/stream";
import type { ServerContext } from "../context";
import type { AccessChange } from "../events/event-bus";
import type { PresenceBoard } from "./presence";
import type { StreamClient, StreamHub } from "./stream-hub";
import { sessionExpiries } from "../auth/sessions.repository";
import { scopesOf } from "../locations/scope";

export const UNAUTHORIZED_CLOSE = 4401;
const ACCESS_CHANGED_CLOSE = 4410;
const EXPIRY_CHECK_MS = 1000;
const RECHECK_MS = 60_000;
/** Changes remembered for sockets that were signing in when they happened. */
const RECENT = 1000;
/** Ids per `in (…)` list of the recheck's queries. */
const BATCH = 500;

export type Verdict = "unauthorized" | "access_changed";

export class AccessGuard {
  private recent: AccessChange[] = [];
  private count = 0;
  private stopListening: () => void;
  private timer: NodeJS.Timeout;
  private rechecking = false;

  constructor(
    private ctx: ServerContext,
    private hub: StreamHub,
    private presence: PresenceBoard,
  ) {
    this.stopListening = ctx.bus.onAccessChange((change) => this.follow(change));
    let ticks = 0;
    this.timer = setInterval(() => {
      this.cutExpired();
      if (++ticks % (RECHECK_MS / EXPIRY_CHECK_MS) === 0) void this.recheck();
    }, EXPIRY_CHECK_MS);
  }

  stop() {
    this.stopListening();
    clearInterval(this.timer);
  }

  /** Taken before a socket's session is read; see changedSince. */
  mark(): number {
    return this.count;
  }

  /** What the changes since `mark` mean for a socket that was signing in meanwhile (not in the hub yet). */
  changedSince(mark: number, client: StreamClient): Verdict | null {
    const missed = this.count - mark;
    if (missed === 0) return null;
    if (missed > this.recent.length) return "access_changed"; // too many to tell: a fresh bootstrap is safe
    const verdicts = this.recent.slice(-missed).map((change) => verdictFor(change, client));
    return verdicts.includes("unauthorized") ? "unauthorized" : verdicts.includes("access_changed") ? "access_changed" : null;
  }

  /** Nothing more reaches the socket; it is told why and closed. */
  cut(client: StreamClient, verdict: Verdict) {
    if (!this.hub.clients.has(client)) return;
    this.hub.leave(client);
    this.presence.drop(client);
    const { socket } = client;
    if (socket.readyState !== socket.OPEN) return;
    if (verdict === "unauthorized") {
      const frame: ServerFrame = { type: "error", code: "unauthorized", message: "This session was signed out or has expired; sign in again" };
      socket.send(JSON.stringify(frame));
      socket.close(UNAUTHORIZED_CLOSE, "unauthorized");
    } else {
      socket.send(JSON.stringify({ type: "access_changed" } satisfies ServerFrame));
      socket.close(ACCESS_CHANGED_CLOSE, "access_changed");
    }
  }

  private follow(change: AccessChange) {
    this.recent.push(change);
    if (this.recent.length > RECENT) this.recent.shift();
    this.count++;
    if (change.type === "outside") {
      void this.recheck(); // who changed is unknown: every socket's session and memberships are read again
      return;
    }
    for (const client of [...this.hub.clients]) {
      const verdict = verdictFor(change, client);
      if (verdict) this.cut(client, verdict);
    }
  }

  private cutExpired() {
    const now = new Date().toISOString();
    const due = [...this.hub.clients].filter((client) => client.expiresAt <= now);
    // A session's idle deadline moves as it is used (auth/sessions.ts): read it again before ending a socket.
    if (due.length > 0) void this.recheck(due);
  }

  /** Reads the sockets' sessions and memberships again (two queries per BATCH sockets); every socket by default. */
  async recheck(clients = [...this.hub.clients]) {
    if (this.rechecking) return;
    this.rechecking = true;
    try {
      const { db } = this.ctx.database;
      for (let i = 0; i < clients.length; i += BATCH) {
        const batch = clients.slice(i, i + BATCH);
        const sessions = await sessionExpiries(db, [...new Set(batch.map((c) => c.tokenHash))]);
        // What each user sees now: memberships and the locations they administer (locations/scope.ts).
        const users = [...new Map(batch.map((c) => [c.user.id, c.user])).values()];
        const seen = new Map((await scopesOf(db, users)).map((scope, i) => [users[i].id, scope.inboxIds]));
        const now = new Date().toISOString();
        for (const client of batch) {
          const session = sessions.find((s) => s.tokenHash === client.tokenHash);
          if (!session || session.expiresAt <= now) {
            this.cut(client, "unauthorized");
            continue;
          }
          client.expiresAt = session.expiresAt;
          if (!sameSet(seen.get(client.user.id) ?? [], client.user.inboxIds)) this.cut(client, "access_changed");
        }
      }
    } catch (err) {
      this.ctx.log.error({ err }, "stream access recheck failed"); // tried again at the next recheck
    } finally {
      this.rechecking = false;
    }
  }
}

function verdictFor(change: AccessChange, client: StreamClient): Verdict | null {
  if (change.type === "outside") return null; // answered by a recheck (follow)
  if (change.type === "signed_out") return change.tokenHash === client.tokenHash ? "unauthorized" : null;
  return change.userIds.includes(client.user.id) ? "access_changed" : null;
}

const sameSet = (a: string[], b: string[]) => a.length === b.length && a.every((x) => b.includes(x));
