// Two reps answering the same customer at once is the classic shared-inbox accident. When a customer
// message or a teammate's reply lands after the rep started writing, the send is held for a look first.
import { useEffect, useRef, useState } from "react";
import type { Message, User } from "../../protocol/entities";
import { firstName } from "../common/format";

/**
 * What the rep had seen when they began to write: the thread's messages, and the time of the latest one it
 * holds or the conversation says there is (`since`). History still loading arrives afterwards but is older
 * than `since`: it is not new activity, and must not hold a send (seen with a slow first load of a thread).
 */
export interface Baseline {
  ids: ReadonlySet<string>;
  since: string | null;
}

function baselineOf(messages: Message[], latestAt: string | null): Baseline {
  const times = [latestAt, ...messages.map((m) => m.createdAt)].filter((t): t is string => !!t).sort();
  return { ids: new Set(messages.map((m) => m.id)), since: times.at(-1) ?? null };
}

/** Messages that arrived after the baseline and were not written by me. */
function newActivitySince(baseline: Baseline, messages: Message[], meId: string | undefined): Message[] {
  return messages.filter(
    (m) => !baseline.ids.has(m.id) && (baseline.since === null || m.createdAt > baseline.since) && (m.direction === "inbound" || m.authorId !== meId),
  );
}

/**
 * Tracks what the rep has seen since composing began. `composing` flips true with the first character;
 * the baseline is the thread at that moment. `acknowledge` moves the baseline to now (after a review).
 * `latestAt` is the conversation's last message time, known before its history is loaded.
 */
export function useCollisionGuard(messages: Message[], meId: string | undefined, composing: boolean, latestAt: string | null) {
  const baseline = useRef<Baseline | null>(null);
  const [, force] = useState(0);
  useEffect(() => {
    if (composing && !baseline.current) baseline.current = baselineOf(messages, latestAt);
    if (!composing) baseline.current = null;
  }, [composing, messages, latestAt]);
  const fresh = baseline.current ? newActivitySince(baseline.current, messages, meId) : [];
  return {
    fresh,
    acknowledge() {
      baseline.current = baselineOf(messages, latestAt);
      force((n) => n + 1);
    },
  };
}

interface WarningProps {
  fresh: Message[];
  users: User[];
  contactName: string;
  onSendAnyway(): void;
  onReview(): void;
}

export function CollisionWarning({ fresh, users, contactName, onSendAnyway, onReview }: WarningProps) {
  const inbound = fresh.filter((m) => m.direction === "inbound").length;
  const teammates = [...new Set(fresh.filter((m) => m.direction === "outbound").map((m) => firstName(users.find((u) => u.id === m.authorId))))];
  const parts = [
    inbound ? `${contactName} sent ${inbound === 1 ? "a new message" : `${inbound} new messages`}` : "",
    teammates.length ? `${teammates.join(" and ")} replied` : "",
  ].filter(Boolean);
  return (
    <div className="st-collision" role="alertdialog" aria-labelledby="st-collision-title" data-testid="collision-warning">
      <div>
        <strong id="st-collision-title">New activity — review before sending</strong>
        <div className="st-collision-detail">{parts.join("; ")} while you were writing.</div>
      </div>
      <div className="st-hstack-end">
        <button type="button" className="st-btn" onClick={onReview}>
          Review
        </button>
        <button type="button" className="st-btn st-btn-warn" data-testid="send-anyway" onClick={onSendAnyway} autoFocus>
          Send anyway
        </button>
      </div>
    </div>
  );
}
