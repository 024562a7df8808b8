// Realistic texting history, planned without a database: per inbox and day, conversations that start in
// the day's busy hours, get a person's answer after a lognormal wait (longer at night and for a slow
// location), go back and forth, resolve, sometimes reopen the next day, now and then fail or end in STOP.
// materialise() turns a plan into the rows and feed events the server itself would have written; the demo
// seed (demo-history.ts) and the analytics benchmark's generator (bench/) both use it.
import type { Contact, Conversation, Message } from "../../src/protocol/entities";
import type { EventType } from "../../src/protocol/events";
import { AUTOMATION } from "../automations/actions";
import { answers, asks, firstNames, lastNames } from "./history-texts";

export interface InboxProfile {
  id: string;
  members: string[];
  /** Conversations started on an average weekday. */
  perDay: number;
  /** Median minutes to a person's answer in the daytime. */
  replyMinutes: number;
  failRate: number;
  optOutRate: number;
}
type Step = { at: number; kind: "in" | "out" | "auto" | "assign" | "resolve" | "reopen" | "fail" | "stop"; body: string; authorId: string | null };
export interface PlannedConversation {
  inbox: InboxProfile;
  contact: { id: string; phone: string; name: string };
  conversationId: string;
  steps: Step[];
}

const MIN = 60_000;
/** Seeded, so the same seed plans the same month. */
export function seeded(seed: number) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
}
const lognormal = (rnd: () => number, median: number) => median * Math.exp(0.9 * Math.sqrt(-2 * Math.log(rnd() || 1e-9)) * Math.cos(2 * Math.PI * rnd()));

/** The conversations an inbox starts on the UTC day beginning at `dayMs` (its busy hours are 16:00–03:00 UTC, US Pacific daytime). */
export function planDay(rnd: () => number, inbox: InboxProfile, dayMs: number, nextId: (prefix: string) => string): PlannedConversation[] {
  const weekend = [0, 6].includes(new Date(dayMs).getUTCDay());
  const n = Math.round(inbox.perDay * (weekend ? 0.4 : 1) * (0.7 + 0.6 * rnd()));
  const out: PlannedConversation[] = [];
  for (let i = 0; i < n; i++) {
    const start = dayMs + 16 * 60 * MIN + Math.floor(rnd() * 11 * 60 * MIN);
    const night = new Date(start).getUTCHours() >= 1 && new Date(start).getUTCHours() < 16;
    const agent = inbox.members[Math.floor(rnd() * inbox.members.length)] ?? null;
    const steps: Step[] = [];
    let t = start;
    const say = (kind: Step["kind"], body: string, authorId: string | null, after: number) => {
      t += Math.max(1000, Math.round(after));
      steps.push({ at: t, kind, body, authorId });
    };
    say("in", asks[Math.floor(rnd() * asks.length)], null, 0);
    if (rnd() < 0.25) say("in", asks[Math.floor(rnd() * asks.length)], null, 0.5 * MIN);
    if (night && rnd() < 0.6) say("auto", "Thanks for your text! We're closed now and will reply in the morning.", AUTOMATION, 0.2 * MIN);
    if (rnd() < 0.9) say("assign", "", agent, 0.1 * MIN);
    const exchanges = 1 + Math.floor(rnd() * 3);
    for (let x = 0; x < exchanges; x++) {
      say("out", answers[Math.floor(rnd() * answers.length)], agent, lognormal(rnd, inbox.replyMinutes * (night && x === 0 ? 8 : 1)) * MIN);
      if (rnd() < inbox.failRate) say("fail", "", agent, 0.3 * MIN);
      if (x < exchanges - 1) say("in", asks[Math.floor(rnd() * asks.length)], null, lognormal(rnd, 6) * MIN);
    }
    if (rnd() < inbox.optOutRate) say("stop", "STOP", null, lognormal(rnd, 20) * MIN);
    else if (rnd() < 0.85) {
      say("resolve", "", agent, lognormal(rnd, 40) * MIN);
      if (rnd() < 0.12) {
        say("in", "Sorry, one more thing", null, lognormal(rnd, 20 * 60) * MIN);
        say("out", answers[Math.floor(rnd() * answers.length)], agent, lognormal(rnd, inbox.replyMinutes) * MIN);
        say("resolve", "", agent, lognormal(rnd, 30) * MIN);
      }
    }
    const name = `${firstNames[Math.floor(rnd() * firstNames.length)]} ${lastNames[Math.floor(rnd() * lastNames.length)]}`;
    out.push({ inbox, contact: { id: nextId("ct"), phone: "", name }, conversationId: nextId("cnv"), steps });
  }
  return out;
}

export interface FeedRow {
  type: EventType;
  action: string | null;
  actorId: string | null;
  inboxId: string | null;
  contactId: string | null;
  conversationId: string | null;
  data: string;
  createdAt: string;
}

/**
 * The rows and events one planned conversation leaves, steps up to `until` only (the rest has not happened yet),
 * with an `sla.breached` event for each wait a person answered later than `target` minutes (calendar time).
 */
export function materialise(
  p: PlannedConversation,
  phone: string,
  until: number,
  nextId: (prefix: string) => string,
  target: { first: number; reply: number } | null = null,
) {
  const iso = (ms: number) => new Date(ms).toISOString();
  const steps = p.steps.filter((s) => s.at <= until);
  const first = iso(steps[0].at);
  const contact: Contact = {
    id: p.contact.id,
    phoneNumber: phone,
    name: p.contact.name,
    attributes: {},
    optedOutAt: null,
    optOutMessageId: null,
    createdAt: first,
    updatedAt: first,
  };
  const events: FeedRow[] = [];
  const emit = (type: EventType, at: string, data: object, action: string | null, actorId: string | null = null) => {
    const d = data as { id: string; conversationId?: string; contactId?: string; inboxId?: string };
    const contactEvent = type === "contact.updated";
    events.push({
      type,
      action,
      actorId,
      inboxId: contactEvent ? null : p.inbox.id,
      contactId: contactEvent ? d.id : p.contact.id,
      conversationId: contactEvent ? null : (d.conversationId ?? d.id),
      data: JSON.stringify(data),
      createdAt: at,
    });
  };
  emit("contact.updated", first, contact, "created");
  let c: Conversation = {
    id: p.conversationId,
    inboxId: p.inbox.id,
    contactId: contact.id,
    status: "open",
    assigneeId: null,
    snoozedUntil: null,
    lastMessageAt: null,
    lastInboundAt: null,
    preview: "",
    readBy: {},
    lastDeliveryFailureAt: null,
    createdAt: first,
    updatedAt: first,
  };
  const messages: Message[] = [];
  let created = false;
  let waitingSince: number | null = null;
  let answered = false;
  const breachIfLate = (answerAt: number) => {
    if (!target || waitingSince === null) return;
    const kind = answered ? "reply" : "firstResponse";
    const minutes = answered ? target.reply : target.first;
    const due = waitingSince + minutes * MIN;
    if (answerAt <= due) return;
    const breach = {
      id: nextId("slab"),
      conversationId: c.id,
      inboxId: c.inboxId,
      contactId: contact.id,
      kind,
      waitingSince: iso(waitingSince),
      dueAt: iso(due),
      targetMinutes: minutes,
      businessHours: false,
    };
    emit("sla.breached", iso(due), breach, null);
  };
  for (const s of steps) {
    const at = iso(s.at);
    const change = (patch: Partial<Conversation>, action: string | null, actorId: string | null = null) => {
      c = { ...c, ...patch, updatedAt: at };
      emit(created ? "conversation.updated" : "conversation.created", at, c, created ? action : "created", actorId);
      created = true;
    };
    if (s.kind === "in" || s.kind === "out" || s.kind === "auto" || s.kind === "stop") {
      const inbound = s.kind === "in" || s.kind === "stop";
      const m: Message = {
        id: nextId("msg"),
        conversationId: c.id,
        inboxId: c.inboxId,
        contactId: contact.id,
        direction: inbound ? "inbound" : "outbound",
        body: s.body,
        media: [],
        status: inbound ? "received" : "delivered",
        errorCode: null,
        errorReason: null,
        carrierMessageId: null,
        authorId: s.authorId,
        clientId: null,
        deliveryOverdue: false,
        createdAt: at,
        updatedAt: at,
      };
      messages.push(m);
      emit("message.created", at, { ...m, status: inbound ? "received" : "queued" }, "created", s.authorId);
      const reopen = inbound && c.status === "resolved";
      if (reopen) answered = false;
      if (inbound && waitingSince === null && s.kind === "in") waitingSince = s.at;
      if (s.kind === "stop") waitingSince = null;
      if (s.kind === "out") {
        breachIfLate(s.at);
        waitingSince = null;
        answered = true;
      }
      change(
        { lastMessageAt: at, preview: s.body.slice(0, 140), ...(inbound ? { lastInboundAt: at } : {}), ...(reopen ? { status: "open" } : {}) },
        reopen ? "reopened" : null,
      );
      if (s.kind === "stop") {
        Object.assign(contact, { optedOutAt: at, optOutMessageId: m.id, updatedAt: at });
        emit("contact.updated", at, contact, "opted_out");
      }
    } else if (s.kind === "fail") {
      const m = messages[messages.length - 1];
      Object.assign(m, { status: "failed", errorCode: "30006", errorReason: "The number can't receive texts (a landline?)", updatedAt: at });
      emit("message.updated", at, m, null);
      change({ lastDeliveryFailureAt: m.createdAt }, null);
    } else if (s.kind === "assign") change({ assigneeId: s.authorId }, "assigned", s.authorId);
    else if (s.kind === "resolve") {
      change({ status: "resolved" }, "resolved", s.authorId);
      waitingSince = null;
    }
  }
  // Still waiting at `until`: a breach that has already happened is in the feed too.
  if (waitingSince !== null) breachIfLate(until);
  return { contact, conversation: c, messages, events };
}
