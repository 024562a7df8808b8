// What a stretch's timer starts and cancels do to the timers of its conversations, worked out in feed order
// before anything is written (./engine-batch.ts writes the result).
//  - A start whose own event would cancel the rule's waiting timer (a customer's next text and "no agent reply",
//    a teammate's next text and "no customer reply") moves that timer in place: its due time, the position of its
//    latest start and a count of restarts. No "cancelled: the customer texted again" line, no second row. On SQLite
//    the batch writes such a move as a restart mark instead, and the timer moves when it is due (./restarts.ts).
//  - Other cancels stop the timers started before their event, with the reason the run log keeps (as before).
//  - A start at p is already done when a timer of its rule and conversation started at or after p (a stretch read
//    again, or by another instance): the feed is read in order, so whoever started that one had read p.
import type { TimerCancel, TimerStart } from "./engine-batch";

/** A timer as read before the batch writes (pending, or started within the stretch). */
export interface StoredTimer {
  id: string;
  ruleId: string;
  conversationId: string;
  startPosition: number;
  status: string;
}
interface Planned extends StoredTimer {
  /** Not in the database yet: started in this stretch. */
  fresh: boolean;
  triggerKey: string;
  dueAt: string;
  restarts: number;
  /** Where the database has it (for the move's conditional update). */
  storedAt: number;
  lastKey: string;
  restart?: TimerStart["restart"];
  why: string | null;
}
export interface TimerMove {
  id: string;
  ruleId: string;
  conversationId: string;
  from: number;
  to: number;
  /** The trigger key of its latest start (a new timer takes it if the move finds this one fired meanwhile). */
  triggerKey: string;
  dueAt: string;
  restarts: number;
  /** Its latest start's: a move of a no-reply wait, which SQLite marks instead (./restarts.ts). */
  restart?: TimerStart["restart"];
}
export interface TimerPlan {
  starts: Array<TimerStart & { id: string; startPosition: number; restarts: number }>;
  moves: TimerMove[];
  cancels: Array<{ timer: StoredTimer; why: string }>;
}

/** `stored`: the conversations' pending timers and those started at or after the stretch's first position; `newId` names a new timer. */
export function planTimers(starts: TimerStart[], cancels: TimerCancel[], stored: StoredTimer[], newId: () => string): TimerPlan {
  const state = new Map<string, Planned[]>();
  for (const t of stored)
    listOf(state, t.conversationId).push({
      id: t.id,
      ruleId: t.ruleId,
      conversationId: t.conversationId,
      startPosition: t.startPosition,
      status: t.status,
      fresh: false,
      triggerKey: "",
      dueAt: "",
      restarts: 0,
      storedAt: t.startPosition,
      lastKey: "",
      why: null,
    });
  // Each conversation's events, in feed order: at a position, its starts and its cancels.
  const events = new Map<string, Map<number, { starts: TimerStart[]; cancels: TimerCancel[] }>>();
  const at = (conversationId: string, p: number) => {
    const byPosition = events.get(conversationId) ?? new Map<number, { starts: TimerStart[]; cancels: TimerCancel[] }>();
    events.set(conversationId, byPosition);
    const e = byPosition.get(p) ?? { starts: [], cancels: [] };
    byPosition.set(p, e);
    return e;
  };
  const plan: TimerPlan = { starts: [], moves: [], cancels: [] };
  for (const c of cancels) for (const id of c.conversationIds) at(id, c.before).cancels.push(c);
  for (const s of starts)
    if (events.has(s.conversationId)) at(s.conversationId, Number(s.triggerKey)).starts.push(s);
    // Nothing cancels on its conversation in this stretch: a keyed insert, as it comes.
    else plan.starts.push({ ...s, id: newId(), startPosition: Number(s.triggerKey), restarts: 0 });
  for (const [conversationId, byPosition] of events) {
    const timers = listOf(state, conversationId);
    for (const p of [...byPosition.keys()].sort((a, b) => a - b)) {
      const e = byPosition.get(p) as { starts: TimerStart[]; cancels: TimerCancel[] };
      const left: TimerStart[] = [];
      for (const s of e.starts) {
        if (timers.some((t) => t.ruleId === s.ruleId && t.startPosition >= p)) continue; // already started
        const waiting = e.cancels.some((c) => c.mayCancel(s.ruleId))
          ? timers.filter((t) => t.ruleId === s.ruleId && t.status === "pending" && t.startPosition < p).at(-1)
          : undefined;
        if (!waiting) {
          left.push(s);
          continue;
        }
        waiting.startPosition = p;
        waiting.dueAt = s.dueAt;
        waiting.restarts += 1;
        waiting.lastKey = s.triggerKey;
        waiting.restart = s.restart;
      }
      for (const c of e.cancels)
        for (const t of timers)
          if (t.status === "pending" && t.startPosition < p && c.mayCancel(t.ruleId)) {
            t.status = "cancelled";
            t.why = c.why;
          }
      for (const s of left)
        timers.push({
          id: newId(),
          ruleId: s.ruleId,
          conversationId,
          startPosition: p,
          status: "pending",
          fresh: true,
          triggerKey: s.triggerKey,
          dueAt: s.dueAt,
          restarts: 0,
          storedAt: p,
          lastKey: s.triggerKey,
          why: null,
        });
    }
  }
  for (const timers of state.values())
    for (const t of timers) {
      if (t.fresh)
        plan.starts.push({
          id: t.id,
          ruleId: t.ruleId,
          triggerKey: t.triggerKey,
          conversationId: t.conversationId,
          dueAt: t.dueAt,
          startPosition: t.startPosition,
          restarts: t.restarts,
        });
      else if (t.startPosition !== t.storedAt && t.status === "pending")
        plan.moves.push({
          id: t.id,
          ruleId: t.ruleId,
          conversationId: t.conversationId,
          from: t.storedAt,
          to: t.startPosition,
          triggerKey: t.lastKey,
          dueAt: t.dueAt,
          restarts: t.restarts,
          restart: t.restart,
        });
      if (t.why) plan.cancels.push({ timer: t, why: t.why });
    }
  return plan;
}

function listOf<T>(map: Map<string, T[]>, key: string): T[] {
  const list = map.get(key) ?? [];
  map.set(key, list);
  return list;
}
