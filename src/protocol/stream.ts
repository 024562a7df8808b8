// WebSocket frames on GET /v1/stream. When the socket's access changes the server ends it: an `error` frame
// with code `unauthorized` then close 4401 (its session was signed out or expired: sign in again), or an
// `access_changed` frame then close 4410 (the user joined or left an inbox: bootstrap again, then reconnect).
import { z } from "zod";
import { isoTime } from "./entities";
import { SidetextEvent } from "./events";

export const presenceStates = ["viewing", "typing", "idle"] as const;
export type PresenceState = (typeof presenceStates)[number];

export const ClientFrame = z.discriminatedUnion("type", [
  z.object({ type: z.literal("auth"), token: z.string().min(1), after: z.number().int().nonnegative().optional() }),
  z.object({ type: z.literal("presence"), conversationId: z.string().min(1), state: z.enum(presenceStates) }),
  z.object({ type: z.literal("ping") }),
]);
export type ClientFrame = z.infer<typeof ClientFrame>;

export const Presence = z.object({
  conversationId: z.string(),
  userId: z.string(),
  state: z.enum(presenceStates),
  at: isoTime,
});
export type Presence = z.infer<typeof Presence>;

export const ServerFrame = z.discriminatedUnion("type", [
  z.object({ type: z.literal("ready"), userId: z.string(), cursor: z.number().int().nonnegative() }),
  z.object({ type: z.literal("event"), event: SidetextEvent }),
  /** Several events in seq order in one frame: the server batches a socket's backlog to save writes. */
  z.object({ type: z.literal("events"), events: z.array(SidetextEvent) }),
  z.object({ type: z.literal("presence"), ...Presence.shape }),
  z.object({ type: z.literal("pong") }),
  z.object({ type: z.literal("error"), code: z.string(), message: z.string() }),
  /**
   * The user's inbox memberships changed: nothing more comes on this socket (closed with 4410). What the
   * cache holds may no longer be what the user may see, and an inbox joined brings conversations the feed
   * after the cursor never mentions: the client bootstraps again, then reconnects.
   */
  z.object({ type: z.literal("access_changed") }),
]);
export type ServerFrame = z.infer<typeof ServerFrame>;
