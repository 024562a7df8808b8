// The port side of the worker contract, under the views' client (src/ui/common/client-context.tsx).
//
//   const client = createClient();
//   const res = await client.send({ type: "conversation.send", conversationId, body });   // CommandResult
//   if (!res.ok) showError(res.error.message);                                             // typed error, never undefined
//   const off = client.subscribe({ type: "inbox", filter: { limit: 50 } }, (state) => …);
//   // state.status: "loading" | "ready" | "error"; state.data: InboxSnapshot | null; state.error
//
// Commands: see Command in src/protocol/messages.ts (auth.signIn/signOut, conversation.send, message.start,
// outbox.retry/discard, conversation.update/read, note.add, thread.loadOlder, presence.set,
// record.opened/closed, crm.open, search, settings.get/update). Topics: session | inbox {filter?} |
// thread {conversationId} | phone {e164} | record (the CRM record of this page's own tab). Snapshot shapes:
// src/protocol/snapshots.ts (types only: importing them never bundles zod).
// Sends show up at once in the topics' `outbox` lists (state "sending"/"failed"), then as messages.
// The port reconnects by itself when the worker restarts and re-subscribes; snapshots resume.
import { messaging, type PortLike } from "../../platform/messaging";
import { PORT_NAME } from "../../protocol/port";
import type { CommandError, CommandOf, CommandResult, CommandType, Topic, TopicSnapshot, ViewFrame, WorkerFrame } from "../../protocol/messages";

export type SubscriptionState<D> =
  | { status: "loading"; data: null; error: null }
  | { status: "ready"; data: D; error: null }
  | { status: "error"; data: D | null; error: CommandError };

export interface SidetextClient {
  send<T extends CommandType>(command: CommandOf<T>): Promise<CommandResult<T>>;
  subscribe<T extends Topic>(topic: T, listener: (state: SubscriptionState<TopicSnapshot<T>>) => void): () => void;
  close(): void;
}

export interface ClientTransport {
  send(message: unknown): Promise<unknown>;
  connect(name: string): PortLike;
}

const noAnswer: CommandError = { code: "network", message: "The Sidetext background worker did not answer. Try again.", status: 0 };

export function createClient(transport: ClientTransport = messaging): SidetextClient {
  // biome-ignore lint/suspicious/noExplicitAny: one map for every topic's listeners; each is only called with its own topic's state.
  type Entry = { topic: Topic; listener: (state: SubscriptionState<any>) => void; last: SubscriptionState<any> };
  const entries = new Map<string, Entry>();
  let port: PortLike | null = null;
  let nextId = 1;
  let retries = 0;
  let closed = false;

  function post(frame: ViewFrame) {
    try {
      ensurePort().post(frame);
    } catch {
      port = null; // disconnected under us; onDisconnect reconnects and re-subscribes
    }
  }

  function ensurePort(): PortLike {
    if (port) return port;
    const p = transport.connect(PORT_NAME);
    port = p;
    p.onMessage((message) => {
      const frame = message as WorkerFrame;
      const entry = entries.get(frame?.id);
      if (!entry) return;
      retries = 0;
      entry.last =
        frame.type === "snapshot" ? { status: "ready", data: frame.data, error: null } : { status: "error", data: entry.last.data, error: frame.error };
      entry.listener(entry.last);
    });
    p.onDisconnect(() => {
      if (port !== p) return;
      port = null;
      if (closed || entries.size === 0) return;
      // The worker was stopped or restarted: reconnect (which wakes it) and subscribe again.
      setTimeout(
        () => {
          if (port || closed) return;
          for (const [id, entry] of entries) post({ type: "subscribe", id, topic: entry.topic });
        },
        Math.min(2000, 50 * 2 ** retries++),
      );
    });
    return p;
  }

  return {
    async send(command) {
      try {
        const answer = (await transport.send(command)) as CommandResult<never> | undefined;
        return answer && typeof answer === "object" && "ok" in answer ? answer : { ok: false, error: noAnswer };
      } catch (err) {
        return { ok: false, error: { ...noAnswer, message: `${noAnswer.message} (${err instanceof Error ? err.message : String(err)})` } };
      }
    },
    subscribe(topic, listener) {
      const id = `s${nextId++}`;
      const entry: Entry = { topic, listener, last: { status: "loading", data: null, error: null } };
      entries.set(id, entry);
      post({ type: "subscribe", id, topic });
      return () => {
        if (!entries.delete(id)) return;
        if (port) post({ type: "unsubscribe", id });
      };
    },
    close() {
      closed = true;
      entries.clear();
      port?.disconnect();
      port = null;
    },
  };
}
