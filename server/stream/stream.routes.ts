// GET /v1/stream: the live feed over WebSocket. The first frame must be {type:"auth", token, after?}
// within 10 s (config.streamAuthTimeoutMs). The server then replays every visible event after `after`,
// sends `ready` with the cursor it reached, and streams live events from there, with no gap and no
// duplicate. Presence frames are relayed to the other members of the conversation's inbox; `ping` gets `pong`.
// When the socket's access changes (its session is signed out or expires, the user joins or leaves an inbox)
// it is cut at once: an `unauthorized` error frame or an `access_changed` frame, then a close (access-guard.ts).
// Refusals, each an `error` frame then a close:
//  - `after` the feed cannot answer from (pruned past it, or ahead of its head, as /v1/sync's 410) →
//    code `cursor_expired`, close 4411: bootstrap again, then reconnect with the new cursor;
//  - more than FRAME_BURST frames at once or FRAMES_PER_SECOND sustained, too many presence frames before
//    sign-in, or too many sockets from one address waiting to sign in → code `rate_limited`, close 4429.
import type { FastifyInstance } from "fastify";
import type { WebSocket } from "ws";
import { ClientFrame, type PresenceState, type ServerFrame } from "../../src/protocol/stream";
import { isExpired, sessionForTokenHash } from "../auth/authenticate";
import { hashToken } from "../auth/passwords";
import { readFeed } from "../events/feed";
import { eventsSeenBy } from "../contacts/contact-profile";
import { AppError, describeZod } from "../errors";
import { assertCursorValid } from "../sync/retention";
import { AccessGuard, UNAUTHORIZED_CLOSE } from "./access-guard";
import { PresenceBoard } from "./presence";
import { StreamHub, type StreamClient } from "./stream-hub";
import { markSeen } from "../automations/availability";
import { automationClock } from "../automations/engine";

const REPLAY_PAGE = 500;
export const CURSOR_EXPIRED_CLOSE = 4411;
export const RATE_LIMITED_CLOSE = 4429;
/** Frames a socket may send at once, and per second after that (pings every 25 s, presence on changes). */
const FRAME_BURST = 40;
const FRAMES_PER_SECOND = 10;
/** Conversations whose presence is remembered while the sign-in runs (the latest state of each). */
const MAX_EARLY_PRESENCE = 20;

export async function streamRoutes(app: FastifyInstance) {
  const { ctx } = app;
  const hub = new StreamHub(ctx);
  // Subscribed first, loaded second: a conversation created in between is learnt from its event.
  await hub.visibility.load(ctx.database.db);
  const presence = new PresenceBoard(hub, ctx.cluster);
  const guard = new AccessGuard(ctx, hub, presence);
  ctx.onClose(() => {
    guard.stop();
    presence.stop();
    hub.stop();
  });

  // Sockets not signed in yet, per remote address: each holds a timer and, while signing in, a session read.
  const waitingByAddress = new Map<string, number>();
  const seen = (userId: string) =>
    void markSeen(ctx.database.db, userId, automationClock.now()).catch((err) => app.log.error({ err }, "recording a teammate as seen failed"));

  app.get("/stream", { websocket: true, config: { public: true }, schema: { hide: true } }, (socket, req) => {
    let client: StreamClient | null = null;
    let authenticating = false;
    // Presence sent while the replay runs is applied once live: the latest state per conversation, in order.
    const early = new Map<string, PresenceState>();
    const send = (frame: ServerFrame) => socket.readyState === socket.OPEN && socket.send(JSON.stringify(frame));
    const refuse = (code: string, message: string, closeCode = UNAUTHORIZED_CLOSE) => {
      send({ type: "error", code, message });
      socket.close(closeCode, code);
    };
    const address = req.ip;
    let waiting = true;
    const stopWaiting = () => {
      if (!waiting) return;
      waiting = false;
      const left = (waitingByAddress.get(address) ?? 1) - 1;
      if (left > 0) waitingByAddress.set(address, left);
      else waitingByAddress.delete(address);
    };
    waitingByAddress.set(address, (waitingByAddress.get(address) ?? 0) + 1);
    if (waitingByAddress.get(address)! > ctx.config.streamPreAuthPerAddress) {
      stopWaiting();
      return refuse("rate_limited", "Too many connections from your address are waiting to sign in; try again shortly", RATE_LIMITED_CLOSE);
    }
    const authTimeoutMs = ctx.config.streamAuthTimeoutMs;
    const authTimer = setTimeout(
      () => refuse("auth_timeout", `Send {"type":"auth","token":"…"} within ${authTimeoutMs / 1000} seconds of connecting`),
      authTimeoutMs,
    );
    const frames = new FrameBudget(FRAME_BURST, FRAMES_PER_SECOND);

    socket.on("message", (raw) => {
      if (socket.readyState !== socket.OPEN) return;
      if (!frames.take()) return refuse("rate_limited", `Too many frames: at most ${FRAMES_PER_SECOND} a second`, RATE_LIMITED_CLOSE);
      const frame = parseFrame(raw.toString());
      if (!frame.ok) return client ? send({ type: "error", code: "validation_failed", message: frame.message }) : refuse("validation_failed", frame.message);
      const msg = frame.value;
      if (msg.type === "ping") {
        if (client) seen(client.user.id); // a live client = signed in, for automatic assignment
        return send({ type: "pong" });
      }
      if (msg.type === "auth") {
        if (client || authenticating) return send({ type: "error", code: "conflict", message: "This stream is already signed in" });
        authenticating = true;
        clearTimeout(authTimer);
        return void start(socket, msg.token, msg.after ?? 0)
          .then((c) => {
            client = c;
            if (c) for (const [conversationId, state] of early) presence.update(c, conversationId, state);
            early.clear();
          })
          .catch((err) => {
            app.log.error({ err }, "stream start failed");
            socket.close(1011, "internal error");
          })
          .finally(stopWaiting);
      }
      if (!client) {
        if (!authenticating) return refuse("unauthorized", "Send the auth frame first");
        early.delete(msg.conversationId); // re-inserted last: the order of the latest states is kept
        early.set(msg.conversationId, msg.state);
        if (early.size > MAX_EARLY_PRESENCE) refuse("rate_limited", "Too many presence frames before the sign-in finished", RATE_LIMITED_CLOSE);
        return;
      }
      presence.update(client, msg.conversationId, msg.state);
    });

    socket.on("close", () => {
      clearTimeout(authTimer);
      stopWaiting();
      if (!client) return;
      hub.leave(client);
      presence.drop(client);
    });
  });

  /** Authenticates, replays the backlog page by page, then goes live. Null when refused or gone. */
  async function start(socket: WebSocket, token: string, after: number): Promise<StreamClient | null> {
    // Access changes until the socket joins the hub are looked at once it has.
    const mark = guard.mark();
    const tokenHash = hashToken(token);
    const session = await sessionForTokenHash(ctx.database.db, tokenHash);
    if (!session || isExpired(session)) {
      socket.send(JSON.stringify({ type: "error", code: "unauthorized", message: "The token is unknown or expired; sign in again" } satisfies ServerFrame));
      socket.close(UNAUTHORIZED_CLOSE, "unauthorized");
      return null;
    }
    if (socket.readyState !== socket.OPEN) return null;
    // A cursor the feed cannot continue from gets what /v1/sync answers (410 cursor_expired): bootstrap again.
    try {
      await assertCursorValid(ctx.database.db, after);
    } catch (err) {
      if (!(err instanceof AppError) || err.code !== "cursor_expired") throw err;
      socket.send(JSON.stringify({ type: "error", code: "cursor_expired", message: err.message } satisfies ServerFrame));
      socket.close(CURSOR_EXPIRED_CLOSE, "cursor_expired");
      return null;
    }
    if (socket.readyState !== socket.OPEN) return null;
    const { user } = session;
    const client = hub.join(user, { tokenHash, expiresAt: session.expiresAt }, socket);
    const missed = guard.changedSince(mark, client);
    if (missed) {
      guard.cut(client, missed);
      return null;
    }
    let cursor = after;
    // A socket cut meanwhile (access-guard.ts) is no longer in the hub: the page read for it is not sent.
    const open = () => hub.clients.has(client) && socket.readyState === socket.OPEN;
    for (let hasMore = true; hasMore && open(); ) {
      // Not past what the bus has published: with several instances it may lag the table, and whatever
      // it publishes after this read reaches the held queue (no event twice, none skipped).
      const page = await readFeed(ctx.database.db, user, cursor, REPLAY_PAGE, ctx.bus.publishedSeq);
      const events = await eventsSeenBy(ctx.database.db, user, page.events);
      if (events.length && open()) socket.send(JSON.stringify({ type: "events", events } satisfies ServerFrame));
      cursor = page.cursor;
      hasMore = page.hasMore;
    }
    if (!open()) {
      hub.leave(client);
      return null;
    }
    socket.send(JSON.stringify({ type: "ready", userId: user.id, cursor } satisfies ServerFrame));
    seen(user.id);
    hub.goLive(client, cursor);
    for (const p of presence.visibleTo(client)) socket.send(JSON.stringify({ type: "presence", ...p } satisfies ServerFrame));
    return client;
  }
}

/** A token bucket: `burst` frames at once, refilled at `perSecond`. */
class FrameBudget {
  private tokens: number;
  private at = Date.now();
  constructor(
    private burst: number,
    private perSecond: number,
  ) {
    this.tokens = burst;
  }
  take(): boolean {
    const now = Date.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.at) / 1000) * this.perSecond);
    this.at = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

function parseFrame(text: string): { ok: true; value: ClientFrame } | { ok: false; message: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, message: "Frames are JSON objects" };
  }
  const parsed = ClientFrame.safeParse(json);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, message: describeZod(parsed.error) };
}
