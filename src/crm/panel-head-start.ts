// The panel's head start on the worker, run by the panel page's first script (panel-early.ts) while the
// panel's bundle (React and the views, ~450 KB) is still loading and running, which takes ~100 ms on a busy
// machine. As soon as the content script has handed over the token it presents it on a port of its own and
// asks for the session; once the content script has named a record with one number, for that number's phone
// topic, and on its snapshot for the thread of the conversation the panel opens by default. The first
// snapshots wait here: tabs/panel.tsx writes them into its cache before React's first render, so the first
// frame the panel paints already shows the thread. The views' own subscriptions take over; this port goes.
import type { PortLike } from "~src/platform/messaging";
import type { Topic, TopicSnapshot, ViewFrame, WorkerFrame } from "~src/protocol/messages";
import type { CrmRecord } from "~src/protocol/record";
import { readToPanel, type PanelInbox } from "./panel-channel";

type Conversation = TopicSnapshot<{ type: "phone"; e164: string }>["conversations"][number];

/** The conversation PanelNumber opens by default (src/ui/panel/PanelNumber.tsx): the newest one's inbox. */
export function defaultConversation(conversations: Conversation[]): Conversation | undefined {
  const newest = conversations.reduce<Conversation | undefined>(
    (best, c) => (!best || (c.lastMessageAt ?? "") > (best.lastMessageAt ?? "") ? c : best),
    undefined,
  );
  return newest && conversations.find((c) => c.inboxId === newest.inboxId);
}

export interface HeadStart {
  /** The first snapshot of `topic` that came, if one did. */
  first<T extends Topic>(topic: T): TopicSnapshot<T> | undefined;
  /** Hears each first snapshot that comes from now on. */
  onFirst(listener: (topic: Topic, data: unknown) => void): () => void;
  /** The views subscribe on their own now: the port goes. */
  release(): void;
}

/** Topics match by their JSON, so the panel builds them the same way: `{ type, e164 }`, `{ type, conversationId }`. */
const keyOf = (topic: Topic) => JSON.stringify(topic);
/** However the panel fares, the head start's port does not outlive this. */
const GIVE_UP_MS = 5000;

/** `tap` takes each message from the content script (panel-channel.ts openPanelInbox); `connect` opens a port to the worker. */
export function startHeadStart(connect: () => PortLike): { tap(data: unknown): void; head: HeadStart } {
  let token: string | null = null;
  let record: CrmRecord | null = null;
  let port: PortLike | null = null;
  let askedPhone = false;
  let released = false;
  let nextId = 1;
  const asked = new Map<string, Topic>();
  const firsts = new Map<string, unknown>();
  const listeners = new Set<(topic: Topic, data: unknown) => void>();

  const ask = (topic: Topic) => {
    const id = `head${nextId++}`;
    asked.set(id, topic);
    port?.post({ type: "subscribe", id, topic } satisfies ViewFrame);
  };
  const onFrame = (message: unknown) => {
    const frame = message as WorkerFrame;
    const topic = asked.get(frame?.id);
    if (!topic || frame.type !== "snapshot" || firsts.has(keyOf(topic))) return;
    firsts.set(keyOf(topic), frame.data);
    if (topic.type === "phone") {
      const conversation = defaultConversation((frame.data as TopicSnapshot<typeof topic>).conversations);
      if (conversation) ask({ type: "thread", conversationId: conversation.id });
    }
    for (const listener of listeners) listener(topic, frame.data);
  };
  const go = () => {
    if (released || !token) return;
    if (!port) {
      port = connect();
      port.post({ type: "present", token } satisfies ViewFrame);
      port.onMessage(onFrame);
      port.onDisconnect(() => {
        port = null;
      });
      ask({ type: "session" });
      setTimeout(release, GIVE_UP_MS);
    }
    if (!askedPhone && record?.phones.length === 1) {
      askedPhone = true;
      ask({ type: "phone", e164: record.phones[0].e164 });
    }
  };
  function release() {
    released = true;
    listeners.clear();
    firsts.clear();
    port?.disconnect();
    port = null;
  }
  return {
    tap(data) {
      const said = readToPanel(data);
      if (said?.type === "token") token ??= said.token;
      // Only the page's first record: by the next one the panel's own head start (tabs/panel.tsx) runs.
      else if (said && !askedPhone) record = said.record;
      go();
    },
    head: {
      first: <T extends Topic>(topic: T) => firsts.get(keyOf(topic)) as TopicSnapshot<T> | undefined,
      onFirst(listener) {
        listeners.add(listener);
        return () => void listeners.delete(listener);
      },
      release,
    },
  };
}

/** What the panel page's first script (panel-early.ts) leaves for the panel's module (tabs/panel.tsx). */
export interface EarlyStart {
  inbox: PanelInbox;
  head: HeadStart;
}
const EARLY = Symbol.for("sidetext.panel-early");

type EarlyWindow = Window & { [EARLY]?: EarlyStart };

export function leaveEarlyStart(win: Window, early: EarlyStart) {
  (win as EarlyWindow)[EARLY] = early;
}
export const earlyStart = (win: Window): EarlyStart | undefined => (win as EarlyWindow)[EARLY];
