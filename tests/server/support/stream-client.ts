// A real WebSocket client of GET /v1/stream for tests: records every frame and waits for the ones asked for.
import WebSocket from "ws";
import type { SidetextEvent } from "../../../src/protocol/events";
import { ServerFrame } from "../../../src/protocol/stream";
import type { TestServer } from "../../support/server";
import { waitFor } from "../../support/server";
import { headSeq } from "./workspace";

export interface StreamConn {
  socket: WebSocket;
  frames: ServerFrame[];
  /** Every event received so far, in arrival order, from `event` and `events` frames. */
  events(): SidetextEvent[];
  send(frame: unknown): void;
  waitForFrame<T extends ServerFrame["type"]>(
    type: T,
    match?: (f: Extract<ServerFrame, { type: T }>) => boolean,
    timeoutMs?: number,
  ): Promise<Extract<ServerFrame, { type: T }>>;
  closed: Promise<{ code: number; reason: string }>;
  close(): Promise<void>;
}

export async function connectStream(server: TestServer): Promise<StreamConn> {
  const socket = new WebSocket(`${server.url.replace(/^http/, "ws")}/v1/stream`);
  const frames: ServerFrame[] = [];
  // Every frame the server sends must match the protocol: parse strictly, so a bad frame fails the test.
  socket.on("message", (data) => frames.push(ServerFrame.parse(JSON.parse(data.toString()))));
  const closed = new Promise<{ code: number; reason: string }>((resolve) => socket.on("close", (code, reason) => resolve({ code, reason: reason.toString() })));
  await new Promise<void>((resolve, reject) => {
    socket.once("open", () => resolve());
    socket.once("error", reject);
  });
  const conn: StreamConn = {
    socket,
    frames,
    events: () => frames.flatMap((f) => (f.type === "event" ? [f.event] : f.type === "events" ? f.events : [])),
    send: (frame) => socket.send(JSON.stringify(frame)),
    waitForFrame: (type, match = () => true, timeoutMs = 3000) =>
      waitFor(`a ${type} frame`, () => frames.find((f) => f.type === type && match(f as never)) as never, timeoutMs, 10),
    closed,
    close: async () => {
      if (socket.readyState !== WebSocket.CLOSED) socket.close();
      await closed;
    },
  };
  return conn;
}

/**
 * Connects, signs in and waits until the replay is done (`ready`). An `after` past the feed's head means
 * "live only" (tests that skip the replay): the server refuses a cursor ahead of its feed (close 4411),
 * so the head is sent instead.
 */
export async function openStream(server: TestServer, token: string, after?: number): Promise<StreamConn> {
  if (after !== undefined) after = Math.min(after, await headSeq(server));
  const conn = await connectStream(server);
  conn.send({ type: "auth", token, ...(after === undefined ? {} : { after }) });
  await conn.waitForFrame("ready");
  return conn;
}
