// GET /v1/stream: the live feed over WebSocket. The first frame must be {type:"auth", token, after?}
// within 10 s (config.streamAuthTimeoutMs). The server then replays every visible event after `after`,
// sends `ready` with the cursor it reached, and streams live events from there, with no gap and no
// duplicate. Presence frames are relayed to the other members of the conversation's inbox; `ping` gets `pong`.
// When the socket's access changes (its session is signed out or expires, the user joins or leaves an inbox)
// it is cut at once: an `unauthorized` error frame or an `access_changed` frame, then a close (access-guard.ts).
import type { FastifyInstance } from "fastify";
import type { WebSocket } from "ws";
import { ClientFrame, type ServerFrame } from "../../src/protocol/stream";
import { isExpired, sessionForTokenHash } from "../auth/authenticate";
import { hashToken } from "../auth/passwords";
import { readFeed } from "../events/feed";
import { describeZod } from "../errors";
import { AccessGuard, UNAUTHORIZED_CLOSE } from "./access-guard";
import { PresenceBoard } from "./presence";
import { StreamHub, type StreamClient } from "./stream-hub";

const REPLAY_PAGE = 500;

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

  app.get("/stream", { websocket: true, config: { public: true }, schema: { hide: true } }, (socket) => {
    let client: StreamClient | null = null;
    let authenticating = false;
    // Presence sent while the replay runs is applied once live, in order.
    const early: Array<Extract<ClientFrame, { type: "presence" }>> = [];
    const send = (frame: ServerFrame) => socket.readyState === socket.OPEN && socket.send(JSON.stringify(frame));
    const refuse = (code: string, message: string) => {
      send({ type: "error", code, message });
      socket.close(UNAUTHORIZED_CLOSE, code);
    };
    const authTimeoutMs = ctx.config.streamAuthTimeoutMs;
    const authTimer = setTimeout(() => refuse("auth_timeout", `Send {"type":"auth","token":"…"} within ${authTimeoutMs / 1000} seconds of connecting`), authTimeoutMs);

    socket.on("message", (raw) => {
      const frame = parseFrame(raw.toString());
      if (!frame.ok) return client ? send({ type: "error", code: "validation_failed", message: frame.message }) : refuse("validation_failed", frame.message);
      const msg = frame.value;
      if (msg.type === "ping") return send({ type: "pong" });
      if (msg.type === "auth") {
        if (client || authenticating) return send({ type: "error", code: "conflict", message: "This stream is already signed in" });
        authenticating = true;
        clearTimeout(authTimer);
        return void start(socket, msg.token, msg.after ?? 0)
          .then((c) => {
            client = c;
            if (c) for (const p of early.splice(0)) presence.update(c, p.conversationId, p.state);
          })
          .catch((err) => {
            app.log.error({ err }, "stream start failed");
            socket.close(1011, "internal error");
          });
      }
      if (!client) return authenticating ? void early.push(msg) : refuse("unauthorized", "Send the auth frame first");
      presence.update(client, msg.conversationId, msg.state);
    });

    socket.on("close", () => {
      clearTimeout(authTimer);
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
      if (page.events.length && open()) socket.send(JSON.stringify({ type: "events", events: page.events } satisfies ServerFrame));
      cursor = page.cursor;
      hasMore = page.hasMore;
    }
    if (!open()) {
      hub.leave(client);
      return null;
    }
    socket.send(JSON.stringify({ type: "ready", userId: user.id, cursor } satisfies ServerFrame));
    hub.goLive(client, cursor);
    for (const p of presence.visibleTo(client)) socket.send(JSON.stringify({ type: "presence", ...p } satisfies ServerFrame));
    return client;
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
