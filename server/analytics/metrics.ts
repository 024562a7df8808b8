// How each feed event moves the metrics (the definitions are src/protocol/analytics.ts): a pure step over one
// conversation's state, writing counts and duration samples into day buckets. The consumer (consumer.ts) runs
// it over the feed in order; a rebuild runs it over the whole feed again, so both give the same rollups.
import type { BusinessHours } from "../../src/protocol/automations";
import type { SidetextEvent } from "../../src/protocol/events";
import type { CountMetric, DurationMetric, SlaTarget } from "../../src/protocol/analytics";
import { countSegments } from "../../src/core/segments";
import { AUTOMATION } from "../automations/actions";
import type { ConversationState } from "./analytics.schema";
import type { Deltas } from "./deltas";
import { addBusinessSeconds, businessSeconds } from "./business-time";

export interface MetricsEnv {
  state(conversationId: string): ConversationState | undefined;
  put(state: ConversationState): void;
  /** The contact's conversations known so far. */
  ofContact(contactId: string): ConversationState[];
  hours(inboxId: string): BusinessHours | null;
  target(inboxId: string): SlaTarget | null;
  /** True the first time a message is seen failing (a message counts once even if it fails twice). */
  firstFailure(messageId: string): boolean;
  /** The contact's tags as the feed last carried them (a conversation counts under its contact's tags at each event). */
  tagsOf(contactId: string): readonly string[];
  setTags(contactId: string, tags: readonly string[]): void;
}

/** A person's text: automations write as AUTOMATION and the server's own replies (HELP) have no author. */
const isHuman = (authorId: string | null) => authorId !== null && authorId !== AUTOMATION;

/**
 * When it happened: the entity's own time (a message's creation, a conversation's or contact's update), which
 * the live server writes with its event and which a seed or an import may set in the past; else the event's.
 */
function timeOf(event: SidetextEvent): string {
  switch (event.type) {
    case "message.created":
      return event.data.createdAt;
    case "message.updated":
    case "conversation.created":
    case "conversation.updated":
    case "contact.updated":
      return event.data.updatedAt;
    default:
      return event.createdAt;
  }
}

/** One event's writes: its time, and the counts and samples it adds (a class: no closures made per event). */
class Step {
  constructor(
    readonly env: MetricsEnv,
    readonly deltas: Deltas,
    readonly at: string,
  ) {}

  count(s: { inboxId: string; contactId: string }, agentId: string | null, metric: CountMetric, n = 1) {
    this.deltas.count(this.at, s.inboxId, agentId, this.env.tagsOf(s.contactId), metric, n);
  }

  sample(s: ConversationState, agentId: string | null, metric: DurationMetric, from: string) {
    const calendar = (Date.parse(this.at) - Date.parse(from)) / 1000;
    const hours = this.env.hours(s.inboxId);
    this.deltas.sample(
      this.at,
      s.inboxId,
      agentId,
      this.env.tagsOf(s.contactId),
      metric,
      calendar,
      hours ? businessSeconds(hours, new Date(from), new Date(this.at)) : calendar,
    );
  }

  /** The conversation's state; a conversation seen for the first time is opened now. */
  known(conversationId: string, inboxId: string, contactId: string, assigneeId: string | null) {
    let s = this.env.state(conversationId);
    if (!s) {
      s = { conversationId, inboxId, contactId, status: "open", assigneeId, lastEventAt: this.at, ...episode(this.at) };
      this.count(s, assigneeId, "opened");
    }
    s.lastEventAt = this.at;
    this.env.put(s);
    return s;
  }

  reopen(s: ConversationState) {
    Object.assign(s, episode(this.at));
    this.count(s, s.assigneeId, "opened");
  }
}

export function applyEvent(env: MetricsEnv, deltas: Deltas, event: SidetextEvent): void {
  const at = timeOf(event);
  const x = new Step(env, deltas, at);
  switch (event.type) {
    case "conversation.created":
    case "conversation.updated": {
      const c = event.data;
      const s = x.known(c.id, c.inboxId, c.contactId, c.assigneeId);
      s.inboxId = c.inboxId;
      s.assigneeId = c.assigneeId;
      if (c.status === "resolved" && s.status !== "resolved") {
        x.count(s, s.assigneeId, "resolved");
        if (s.episodeStartAt) x.sample(s, s.assigneeId, "resolution", s.episodeStartAt);
        Object.assign(s, { episodeStartAt: null, awaitingFirst: 0, firstInboundAt: null }, noWait);
      } else if (c.status !== "resolved" && s.status === "resolved") x.reopen(s);
      s.status = c.status;
      return;
    }
    case "message.created": {
      const m = event.data;
      const s = x.known(m.conversationId, m.inboxId, m.contactId, null);
      const segments = countSegments(m.body).segments;
      if (m.direction === "inbound") {
        x.count(s, s.assigneeId, "inbound");
        x.count(s, s.assigneeId, "inboundSegments", segments);
        // The inbound that reopens a resolved conversation comes before the conversation's own event.
        if (s.status === "resolved") {
          x.reopen(s);
          s.status = "open";
        }
        if (s.awaitingFirst && !s.firstInboundAt) s.firstInboundAt = at;
        if (!s.waitingSince) startWait(env, s, at);
        return;
      }
      const author = isHuman(m.authorId) ? m.authorId : null;
      x.count(s, author, "outboundSegments", segments);
      if (!author) {
        x.count(s, null, "automated");
        return;
      }
      x.count(s, author, "outbound");
      if (s.awaitingFirst && s.firstInboundAt) {
        x.sample(s, author, "firstResponse", s.firstInboundAt);
        s.awaitingFirst = 0;
      }
      if (s.waitingSince) {
        x.sample(s, author, "reply", s.waitingSince);
        Object.assign(s, noWait);
      }
      return;
    }
    case "message.updated": {
      const m = event.data;
      if (m.direction === "outbound" && (m.status === "failed" || m.status === "undelivered") && env.firstFailure(m.id))
        x.count(m, isHuman(m.authorId) ? m.authorId : null, "failed");
      return;
    }
    case "contact.updated": {
      env.setTags(event.data.id, event.data.tags ?? []);
      if (event.action !== "opted_out") return;
      const all = env.ofContact(event.data.id);
      if (all.length === 0) return;
      const latest = all.reduce((a, b) => (b.lastEventAt > a.lastEventAt ? b : a));
      x.count(latest, latest.assigneeId, "optOuts");
      for (const s of all) {
        Object.assign(s, noWait);
        env.put(s);
      }
      return;
    }
    case "sla.breached": {
      const b = event.data;
      const s = env.state(b.conversationId);
      // On the day it fell due, not the day a late check noticed it.
      deltas.count(b.dueAt, b.inboxId, s?.assigneeId ?? null, env.tagsOf(b.contactId), "breaches");
      if (s && s.waitingSince === b.waitingSince) {
        s.slaBreachedAt = at;
        env.put(s);
      }
      return;
    }
  }
}

const noWait = { waitingSince: null, slaKind: null, slaDueAt: null, slaBreachedAt: null };
const episode = (at: string) => ({ episodeStartAt: at, awaitingFirst: 1, firstInboundAt: null, ...noWait });

/** A customer now waits; the SLA due time comes from the inbox's target as it is now. */
function startWait(env: MetricsEnv, s: ConversationState, at: string) {
  s.waitingSince = at;
  s.slaBreachedAt = null;
  const target = env.target(s.inboxId);
  const kind = s.awaitingFirst && s.firstInboundAt === at ? "firstResponse" : "reply";
  const minutes = kind === "firstResponse" ? target?.firstResponseMinutes : target?.replyMinutes;
  if (!target || !minutes) {
    s.slaKind = null;
    s.slaDueAt = null;
    return;
  }
  const due = target.businessHours ? addBusinessSeconds(env.hours(s.inboxId), new Date(at), minutes * 60) : new Date(Date.parse(at) + minutes * 60_000);
  s.slaKind = kind;
  s.slaDueAt = due ? due.toISOString() : null;
}
