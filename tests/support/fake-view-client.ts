// An in-memory ViewClient for component tests and the jsdom benchmark: the same snapshots the worker
// pushes, built from plain state, and every command recorded (and applied where it is simple).
import { useSyncExternalStore } from "react";
import type { Contact, Conversation, Inbox, Message, Note, Template, User } from "../../src/protocol/entities";
import type { CrmPhone, CrmRecord } from "../../src/protocol/record";
import type { Presence } from "../../src/protocol/stream";
import type { Command, CommandResult, CommandType, ConnectionStateName, CrmRecordLink, OutboxItem, Topic, TopicData } from "../../src/protocol/messages";
import { defaultSettings } from "../../src/protocol/messages";
import { fail } from "../../src/api/errors";
import type { ViewClient } from "../../src/ui/common/client-context";

export interface FakeState {
  me: User | null;
  connection: ConnectionStateName;
  reason?: string | null;
  users: User[];
  inboxes: Inbox[];
  templates: Template[];
  conversations: Conversation[];
  contacts: Record<string, Contact>;
  messages: Message[];
  notes: Note[];
  outbox: OutboxItem[];
  presence: Presence[];
  record: CrmRecord | null;
  /** "Open in CRM" links by phone number (the worker's record store). */
  crmRecords: Record<string, CrmRecordLink>;
  /** The record topic's number the rep gave, and newest cached conversation time per number. */
  picked?: { phone: CrmPhone; at: string } | null;
  lastMessageAt?: Record<string, string>;
  /** Answers for commands the fake does not apply itself (page.status, sites.list…), by command type. */
  answers?: { [T in CommandType]?: (command: Extract<Command, { type: T }>) => CommandResult<T> | Promise<CommandResult<T>> };
}

export function createFakeClient(initial: Partial<FakeState>) {
  let state: FakeState = {
    me: null,
    connection: "live",
    users: [],
    inboxes: [],
    templates: [],
    conversations: [],
    contacts: {},
    messages: [],
    notes: [],
    outbox: [],
    presence: [],
    record: null,
    crmRecords: {},
    ...initial,
  };
  let version = 0;
  const listeners = new Set<() => void>();
  const cache = new Map<string, { version: number; value: unknown }>();
  const sent: Command[] = [];

  function snapshot<T extends Topic>(topic: T): TopicData[T["type"]] {
    switch (topic.type) {
      case "session":
        return {
          user: state.me,
          serverUrl: "http://127.0.0.1",
          connection: { state: state.connection, reason: state.reason ?? null, since: new Date().toISOString() },
          settings: defaultSettings,
        } as TopicData[T["type"]];
      case "inbox": {
        // The worker's filter semantics (src/worker/topics/inbox.ts): newest first, `limit` rows, `total` before the limit.
        const f = topic.filter ?? {};
        const assignee = f.assignee === "me" ? state.me?.id : f.assignee;
        const matching = state.conversations
          .filter(
            (c) =>
              (!f.status || c.status === f.status) &&
              (!f.inboxId || c.inboxId === f.inboxId) &&
              (!assignee || (c.assigneeId ?? "unassigned") === assignee) &&
              (!f.tag || !!state.contacts[c.contactId]?.tags?.includes(f.tag)),
          )
          .sort((a, b) => ((b.lastMessageAt ?? b.createdAt) < (a.lastMessageAt ?? a.createdAt) ? -1 : 1));
        const conversations = matching.slice(0, f.limit ?? 200);
        const contacts = Object.fromEntries(conversations.map((c) => [c.contactId, state.contacts[c.contactId]]).filter(([, c]) => c));
        const listed = new Set(conversations.map((c) => c.id));
        const presence: Record<string, Presence[]> = {};
        for (const p of state.presence) {
          if (!listed.has(p.conversationId)) continue;
          presence[p.conversationId] ??= [];
          presence[p.conversationId].push(p);
        }
        return {
          me: state.me,
          conversations,
          contacts,
          users: state.users,
          inboxes: state.inboxes,
          templates: state.templates,
          outbox: state.outbox,
          total: matching.length,
          needsAttention: 0,
          presence,
        } as TopicData[T["type"]];
      }
      case "thread": {
        const conversation = state.conversations.find((c) => c.id === topic.conversationId) ?? null;
        const phone = conversation ? state.contacts[conversation.contactId]?.phoneNumber : undefined;
        return {
          crmRecord: (phone && state.crmRecords[phone]) || null,
          conversationId: topic.conversationId,
          conversation,
          contact: conversation ? (state.contacts[conversation.contactId] ?? null) : null,
          inbox: state.inboxes.find((i) => i.id === conversation?.inboxId) ?? null,
          messages: state.messages.filter((m) => m.conversationId === topic.conversationId),
          notes: state.notes.filter((n) => n.conversationId === topic.conversationId),
          activities: [],
          outbox: state.outbox.filter((o) => o.conversationId === topic.conversationId),
          presence: state.presence.filter((p) => p.conversationId === topic.conversationId),
          users: state.users,
          templates: state.templates,
          loading: false,
          hasMore: false,
          error: null,
        } as unknown as TopicData[T["type"]];
      }
      case "phone": {
        const contact = Object.values(state.contacts).find((c) => c.phoneNumber === topic.e164) ?? null;
        return {
          e164: topic.e164,
          contact,
          conversations: contact ? state.conversations.filter((c) => c.contactId === contact.id) : [],
          inboxes: state.inboxes,
          status: "ready",
          error: null,
        } as TopicData[T["type"]];
      }
      case "record":
        return { tabId: 1, record: state.record, picked: state.picked ?? null, lastMessageAt: state.lastMessageAt ?? {} } as TopicData[T["type"]];
    }
    throw new Error("unknown topic");
  }

  const client: ViewClient = {
    useSubscription<T extends Topic>(topic: T) {
      const key = JSON.stringify(topic);
      return useSyncExternalStore(
        (cb) => {
          listeners.add(cb);
          return () => listeners.delete(cb);
        },
        () => {
          const hit = cache.get(key);
          if (hit && hit.version === version) return hit.value as TopicData[T["type"]];
          const value = snapshot(topic);
          cache.set(key, { version, value });
          return value;
        },
      );
    },
    async send<T extends CommandType>(input: Extract<Command, { type: T }>) {
      const command = input as Command;
      sent.push(command);
      const answer = state.answers?.[command.type] as ((c: Command) => CommandResult<T> | Promise<CommandResult<T>>) | undefined;
      if (answer) return answer(command);
      if (command.type === "search") {
        // The worker's message search: cached text of conversations with messages in the state.
        const words = command.query.toLowerCase().split(/\s+/).filter(Boolean);
        const withText = [...new Set(state.messages.map((m) => m.conversationId))];
        const conversationIds = withText.filter((id) => {
          const text = state.messages
            .filter((m) => m.conversationId === id)
            .map((m) => m.body.toLowerCase())
            .join("\n");
          return words.every((w) => text.includes(w));
        });
        return { ok: true, data: { conversationIds, searchedConversations: withText.length } } as unknown as CommandResult<T>;
      }
      if (command.type === "tags.list") {
        // The worker's cached tags, most used first (src/worker/contact-tag-index.ts).
        const uses = new Map<string, number>();
        for (const c of Object.values(state.contacts)) for (const t of c.tags ?? []) uses.set(t, (uses.get(t) ?? 0) + 1);
        const tags = [...uses].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([t]) => t);
        return { ok: true, data: { tags } } as unknown as CommandResult<T>;
      }
      if (command.type === "conversation.update") {
        const { type: _t, conversationId, ...patch } = command;
        update({ conversations: state.conversations.map((c) => (c.id === conversationId ? { ...c, ...patch } : c)) });
      }
      // The features that ask the worker for data this fake does not model (a test that wants them answers them
      // through state.answers): refused as a worker without them would, instead of answering null.
      if (/^(ai|recipient|scheduled|sla|transfer|crm|availability)\./.test(command.type))
        return fail("not_found", `The fake view client does not answer ${command.type}`) as unknown as CommandResult<T>;
      return { ok: true, data: null } as unknown as CommandResult<T>;
    },
  };

  function update(patch: Partial<FakeState>) {
    state = { ...state, ...patch };
    version++;
    for (const l of listeners) l();
  }

  return {
    client,
    sent,
    update,
    get state() {
      return state;
    },
  };
}
