// An in-memory Inbox API with the server's sync semantics (seq feed, bootstrap cursor read first, 410 for
// a pruned cursor, stream replay then `ready` then live frames), for the sync engine's unit tests.
// The real server is exercised by tests/extension/sync-against-server.test.ts.
import type { Api, ApiOptions } from "../../src/api/client";
import { fail, ok } from "../../src/api/errors";
import type { Contact, Conversation, Inbox, Message, Note, Template, User } from "../../src/protocol/entities";
import type { SidetextEvent } from "../../src/protocol/events";
import type { Clock } from "../../src/sync/clock";
import type { WebSocketLike } from "../../src/sync/stream";

export const me: User = { id: "usr_me", email: "me@demo.test", name: "Me Rep", role: "agent" };
export const teammate: User = { id: "usr_bob", email: "bob@demo.test", name: "Bob", role: "agent" };
const inbox: Inbox = {
  id: "inb_main",
  name: "Main line",
  phoneNumber: "+14155550100",
  carrier: "simulator",
  helpText: "",
  memberIds: [me.id, teammate.id],
  locationId: "loc_main",
  createdAt: "2026-01-01T00:00:00.000Z",
};

// Entity times start a minute ago and advance a second per change (recent enough to notify about).
let clockMs = Date.now() - 60_000;
const tick = () => {
  clockMs += 1000;
  return new Date(clockMs).toISOString();
};

export class FakeInbox {
  events: SidetextEvent[] = [];
  oldestSeq = 1;
  conversations = new Map<string, Conversation>();
  contacts = new Map<string, Contact>();
  messages = new Map<string, Message>();
  notes = new Map<string, Note>();
  templates = new Map<string, Template>();
  sockets = new Set<FakeSocket>();
  /** While true, new sockets fail to connect (the server is unreachable over WebSocket). */
  refuseSockets = false;
  /** While set, every HTTP call fails with it (e.g. "network"). */
  httpDown: null | "network" = null;
  validToken = "tok_me";
  /** Who a login signs in as (tests of a second user on the same profile change it). */
  loginAs: User = me;
  calls: string[] = [];
  /** Answers for the send endpoints, by clientId, when a test wants a refusal. */
  refuse = new Map<string, { code: "opted_out" | "validation_failed" | "internal"; status: number; message: string }>();

  get head() {
    return this.events.at(-1)?.seq ?? 0;
  }

  emit<T extends SidetextEvent["type"]>(type: T, data: Extract<SidetextEvent, { type: T }>["data"], action: SidetextEvent["action"] = null): SidetextEvent {
    const event = { seq: this.head + 1, type, createdAt: tick(), actorId: null, action, data } as SidetextEvent;
    this.events.push(event);
    for (const s of this.sockets) if (s.live) s.push({ type: "event", event });
    return event;
  }

  addConversation(n: number, opts: { assigneeId?: string | null; unread?: boolean } = {}) {
    const at = tick();
    const contact: Contact = {
      id: `ct_${n}`,
      phoneNumber: `+1415555${String(1000 + n).padStart(4, "0")}`,
      name: `Customer ${n}`,
      attributes: {},
      optedOutAt: null,
      optOutMessageId: null,
      createdAt: at,
      updatedAt: at,
    };
    const conversation: Conversation = {
      id: `cv_${n}`,
      inboxId: inbox.id,
      contactId: contact.id,
      status: "open",
      assigneeId: opts.assigneeId ?? null,
      snoozedUntil: null,
      lastMessageAt: at,
      lastInboundAt: opts.unread ? at : null,
      preview: "hi",
      readBy: {},
      lastDeliveryFailureAt: null,
      createdAt: at,
      updatedAt: at,
    };
    this.contacts.set(contact.id, contact);
    this.emit("contact.updated", contact, "created");
    this.conversations.set(conversation.id, conversation);
    this.emit("conversation.created", conversation);
    return conversation;
  }

  inbound(conversationId: string, body: string): Message {
    const c = this.conversations.get(conversationId)!;
    const at = tick();
    const message = this.newMessage(c, { direction: "inbound", body, status: "received", createdAt: at });
    this.messages.set(message.id, message);
    this.emit("message.created", message, "created");
    this.updateConversation(conversationId, { lastMessageAt: at, lastInboundAt: at, preview: body });
    return message;
  }

  updateConversation(id: string, patch: Partial<Conversation>, action: SidetextEvent["action"] = null) {
    const next = { ...this.conversations.get(id)!, ...patch, updatedAt: tick() };
    this.conversations.set(id, next);
    this.emit("conversation.updated", next, action);
    return next;
  }

  setStatus(messageId: string, status: Message["status"]) {
    const next = { ...this.messages.get(messageId)!, status, updatedAt: tick() };
    this.messages.set(messageId, next);
    return this.emit("message.updated", next);
  }

  newMessage(c: Conversation, m: Partial<Message>): Message {
    const at = m.createdAt ?? tick();
    return {
      id: `msg_${this.messages.size + 1}`,
      conversationId: c.id,
      inboxId: c.inboxId,
      contactId: c.contactId,
      direction: "outbound",
      body: "",
      media: [],
      status: "queued",
      errorCode: null,
      errorReason: null,
      carrierMessageId: null,
      authorId: null,
      clientId: null,
      deliveryOverdue: false,
      createdAt: at,
      updatedAt: at,
      ...m,
    };
  }

  /** Drops every open socket (the network blinked). */
  dropSockets() {
    for (const s of [...this.sockets]) s.serverClose(1006);
  }

  api(options: ApiOptions = { baseUrl: "http://fake.localhost" }): Api {
    const guard = <T>(name: string, fn: () => T) => {
      this.calls.push(name);
      if (this.httpDown) return Promise.resolve(fail("network", "Cannot reach the server."));
      if (name !== "login" && options.token !== this.validToken) {
        const denied = fail("unauthorized", "The token is unknown or expired; sign in again", 401);
        options.onUnauthorized?.(denied.error);
        return Promise.resolve(denied);
      }
      return Promise.resolve(fn());
    };
    const strip = <T>(m: Map<string, T>) => [...m.values()];
    // What the engine's tests never need: a clear refusal (not a TypeError), so a test that starts to need
    // one fails saying so. The real server's answers are tested in tests/extension/*-against-server.
    const notServed = (name: string) => () => guard(name, () => fail("not_found", `FakeInbox does not serve ${name}.`, 404));
    return {
      baseUrl: "http://fake.localhost",
      streamUrl: () => "ws://fake/v1/stream",
      login: () => guard("login", () => ok({ token: this.validToken, user: this.loginAs })),
      logout: () => guard("logout", () => ok(null)),
      bootstrap: () =>
        guard("bootstrap", () =>
          ok({
            cursor: this.head,
            me,
            users: [me, teammate],
            inboxes: [inbox],
            templates: strip(this.templates),
            conversations: strip(this.conversations),
            contacts: strip(this.contacts),
          }),
        ),
      sync: (after: number, limit = 500) =>
        guard(`sync:${after}`, () => {
          if (after < this.oldestSeq - 1) return fail("cursor_expired", "The feed no longer reaches back to this cursor; bootstrap again", 410);
          const page = this.events.filter((e) => e.seq > after).slice(0, limit);
          const hasMore = this.events.filter((e) => e.seq > after).length > limit;
          return ok({ events: page, cursor: hasMore ? page.at(-1)!.seq : this.head, hasMore });
        }),
      messages: (conversationId: string) =>
        guard(`messages:${conversationId}`, () =>
          ok({
            messages: strip(this.messages).filter((m) => m.conversationId === conversationId),
            notes: strip(this.notes).filter((n) => n.conversationId === conversationId),
            activities: [],
            hasMore: false,
          }),
        ),
      lookup: (phone: string) =>
        guard(`lookup:${phone}`, () => {
          const contact = strip(this.contacts).find((c) => c.phoneNumber === phone) ?? null;
          return ok({ phone, contact, conversations: contact ? strip(this.conversations).filter((c) => c.contactId === contact.id) : [] });
        }),
      // GET /v1/conversations?tag= (the worker's tag filter): the server's tag semantics, one page.
      conversations: (query: Record<string, string | number>) =>
        guard(`conversations:${query.tag ?? ""}`, () => {
          const tagged = strip(this.contacts).filter((c) => !query.tag || c.tags?.includes(String(query.tag)));
          const ids = new Set(tagged.map((c) => c.id));
          const conversations = strip(this.conversations).filter((c) => ids.has(c.contactId) && (!query.status || c.status === query.status));
          return ok({ conversations, contacts: tagged.filter((c) => conversations.some((cv) => cv.contactId === c.id)), nextCursor: null });
        }),
      sendMessage: (conversationId: string, body: { body: string; clientId: string }) =>
        guard(`send:${body.clientId}`, () => {
          const refusal = this.refuse.get(body.clientId);
          if (refusal) return fail(refusal.code, refusal.message, refusal.status);
          const existing = strip(this.messages).find((m) => m.clientId === body.clientId);
          if (existing) return ok({ message: existing });
          const message = this.newMessage(this.conversations.get(conversationId)!, { body: body.body, clientId: body.clientId, authorId: me.id });
          this.messages.set(message.id, message);
          this.emit("message.created", message, "created");
          return ok({ message });
        }),
      me: () => guard("me", () => ok({ user: me, inboxes: [inbox] })),
      startMessage: notServed("startMessage"),
      updateConversation: notServed("updateConversation"),
      markRead: notServed("markRead"),
      addNote: notServed("addNote"),
      crmLog: notServed("crmLog"),
      retryCrmLog: notServed("retryCrmLog"),
      tagContact: notServed("tagContact"),
      scheduledSends: notServed("scheduledSends"),
      scheduleSend: notServed("scheduleSend"),
      changeScheduledSend: notServed("changeScheduledSend"),
      cancelScheduledSend: notServed("cancelScheduledSend"),
      recipient: notServed("recipient"),
      availability: notServed("availability"),
      setAway: notServed("setAway"),
      slaWaits: notServed("slaWaits"),
      ai: {
        status: notServed("ai.status"),
        setPreferences: notServed("ai.setPreferences"),
        rewrite: notServed("ai.rewrite"),
        languages: notServed("ai.languages"),
        translate: notServed("ai.translate"),
        translateDraft: notServed("ai.translateDraft"),
      },
      locations: { transferTargets: notServed("locations.transferTargets"), transfer: notServed("locations.transfer") },
    } satisfies Api;
  }

  /** A WebSocket constructor bound to this inbox. */
  get WebSocket() {
    const inboxRef = this;
    return class extends FakeSocket {
      constructor(url: string) {
        super(inboxRef, url);
      }
    };
  }
}

export class FakeSocket implements WebSocketLike {
  readyState = 0;
  live = false;
  onopen: WebSocketLike["onopen"] = null;
  onmessage: WebSocketLike["onmessage"] = null;
  onclose: WebSocketLike["onclose"] = null;
  onerror: WebSocketLike["onerror"] = null;
  sent: unknown[] = [];

  constructor(
    private inbox: FakeInbox,
    public url: string,
  ) {
    setTimeout(() => {
      if (inbox.refuseSockets) return this.serverClose(1006);
      this.readyState = 1;
      inbox.sockets.add(this);
      this.onopen?.({});
    }, 1);
  }

  push(frame: unknown) {
    if (this.readyState === 1) this.onmessage?.({ data: JSON.stringify(frame) });
  }

  send(data: string) {
    const frame = JSON.parse(data);
    this.sent.push(frame);
    if (frame.type === "ping") return this.push({ type: "pong" });
    if (frame.type !== "auth") return;
    if (frame.token !== this.inbox.validToken) {
      this.push({ type: "error", code: "unauthorized", message: "The token is unknown or expired; sign in again" });
      return this.serverClose(4401);
    }
    const backlog = this.inbox.events.filter((e) => e.seq > (frame.after ?? 0));
    if (backlog.length) this.push({ type: "events", events: backlog });
    this.push({ type: "ready", userId: me.id, cursor: this.inbox.head });
    this.live = true;
  }

  close() {
    this.serverClose(1000);
  }

  serverClose(code: number) {
    if (this.readyState === 3) return;
    this.readyState = 3;
    this.live = false;
    this.inbox.sockets.delete(this);
    this.onclose?.({ code });
  }
}

/** Real timers, scaled down: backoff seconds become milliseconds. */
export const fastClock = (scale = 0.01): Clock => ({
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, Math.max(1, ms * scale)),
  clearTimeout: (id) => clearTimeout(id as ReturnType<typeof setTimeout>),
});
