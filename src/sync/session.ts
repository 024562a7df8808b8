// The session's life in the worker: resume the stored one, sign in over whatever was there, sign out (by the
// user, or because the server no longer takes the token). What outlives a session: the user's unsent texts,
// parked under them (./parked-outbox.ts), and the reason they were signed out, which views show. The engine
// (./engine.ts) owns the connection; this module only decides when it starts and stops.
import type { Api, ApiOptions } from "../api/client";
import { fail, ok, type ApiResult } from "../api/errors";
import type { Session } from "../db/rows";
import type { SidetextDb } from "../db/schema";
import type { User } from "../protocol/entities";
import type { ConnectionStateName } from "../protocol/messages";
import type { Clock } from "./clock";
import { parkOutbox, unparkOutbox } from "./parked-outbox";
import { refusedServerReason } from "./server-url";

export const POLL_ALARM = "sidetext-sync";
const POLL_PERIOD_MINUTES = 0.5;

export interface SessionDeps {
  db: SidetextDb;
  clock: Clock;
  makeApi: (options: ApiOptions) => Api;
  alarms?: { every(name: string, periodMinutes: number): Promise<void>; clear(name: string): Promise<void> };
  /** The session the engine runs now, if any. */
  active: () => Session | null;
  /** Takes this session as the engine's (its API client); the connection comes with the next sync. */
  connect: (s: Session) => void;
  /** Bootstrap or catch up over HTTP, then the stream. */
  syncNow: () => Promise<void>;
  /** Drops the connection and timers; IndexedDB stays as it is. */
  disconnect: () => void;
  setState: (state: ConnectionStateName, reason: string | null) => void;
}

export function createSessionLifecycle(deps: SessionDeps) {
  const { db, clock, makeApi } = deps;

  async function begin(s: Session) {
    deps.connect(s);
    await deps.alarms?.every(POLL_ALARM, POLL_PERIOD_MINUTES); // wakes a stopped worker to poll
    await deps.syncNow();
  }

  async function signOut(reason: string, options: { callServer?: boolean } = {}) {
    const s = deps.active() ?? (await db.getMeta("session")) ?? null;
    deps.disconnect();
    if (s && options.callServer) void makeApi({ baseUrl: s.serverUrl, token: s.token }).logout();
    await deps.alarms?.clear(POLL_ALARM);
    if (s) await parkOutbox(db, s); // unsent texts wait for this user's next sign-in
    await db.clearCache();
    await db.setMeta("signedOut", { reason, at: new Date(clock.now()).toISOString() });
    deps.setState("signed_out", reason);
  }

  return {
    /** Resumes from IndexedDB: the stored session and cursor (call on every worker start). */
    async start(): Promise<void> {
      const stored = await db.getMeta("session");
      if (!stored) {
        deps.setState("signed_out", (await db.getMeta("signedOut"))?.reason ?? "Not signed in yet.");
        return;
      }
      if (deps.active()) return;
      // A session from before plain http:// to another machine was refused: end it rather than keep
      // sending its token in clear (its unsent texts stay parked under that address, never sent elsewhere).
      const refused = refusedServerReason(stored.serverUrl);
      if (refused) return signOut(`Signed out: ${refused}`);
      await begin(stored);
    },
    async signIn(serverUrl: string, email: string, password: string): Promise<ApiResult<{ user: User }>> {
      const refused = refusedServerReason(serverUrl);
      if (refused) return fail("validation_failed", refused);
      const res = await makeApi({ baseUrl: serverUrl }).login(email, password);
      if (!res.ok) return res;
      const previous = deps.active() ?? (await db.getMeta("session")) ?? null;
      deps.disconnect();
      if (previous) await parkOutbox(db, previous); // signing in over another session: its sends wait for it
      await db.clearCache();
      const s: Session = { serverUrl: serverUrl.replace(/\/+$/, ""), token: res.data.token, user: res.data.user };
      await db.setMeta("session", s);
      await unparkOutbox(db, s); // this user's texts from before: sent after the bootstrap, same clientIds
      await begin(s);
      return ok({ user: res.data.user });
    },
    /** The user signed out: the server forgets the token too. */
    signOut: () => signOut("You signed out.", { callServer: true }),
    /** A 401 anywhere (REST or stream): the token is no good any more. */
    expire: (detail: string) => signOut(`Signed out: your session expired or was revoked (${detail.replace(/\.$/, "")}). Sign in again.`),
  };
}
