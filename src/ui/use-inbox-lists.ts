// What the popup list needs from the worker, fetched so the first paint never waits for the whole cache:
// one index page for the current view and three counts come first (small Dexie index reads); the full
// list for the current status, which search and long scrolls use, is asked for only after that.
import { useEffect, useMemo, useRef, useState } from "react";
import type { ConversationStatus } from "../protocol/entities";
import type { InboxFilter, InboxSnapshot, Topic } from "../protocol/messages";
import { useClient } from "./client-context";
import type { View } from "./inbox-index";
import { failedConversationIds, toInboxData } from "./snapshot-adapters";
import type { InboxData } from "./types";

/** Rows in the first page: more than a popup shows, so a short scroll needs nothing else. */
export const FIRST_PAGE = 60;
/** The whole cache the popup searches in (the worker's maximum). */
export const FULL_LIST = 5000;

const ASSIGNEE: Record<View, string | undefined> = { mine: "me", unassigned: "unassigned", all: undefined };

export interface InboxLists {
  data: InboxData | null;
  me: InboxSnapshot["me"];
  counts: Record<View, number> | null;
  /** True when `data` holds every conversation of the status (search and counts are exact locally). */
  complete: boolean;
  /** The current filter's first page has not arrived yet (data may be the previous filter's). */
  loading: boolean;
  failedIds: Set<string> | undefined;
}

export function useInboxLists({ view, status, inboxId }: { view: View; status: ConversationStatus; inboxId: string }): InboxLists {
  const client = useClient();
  const base = useMemo<InboxFilter>(() => ({ status, ...(inboxId ? { inboxId } : {}) }), [status, inboxId]);
  const page = client.useSubscription(useMemo(() => ({ type: "inbox" as const, filter: { ...base, assignee: ASSIGNEE[view], limit: FIRST_PAGE } }), [base, view]));
  const mine = client.useSubscription(useMemo(() => ({ type: "inbox" as const, filter: { ...base, assignee: "me", limit: 1 } }), [base]));
  const unassigned = client.useSubscription(useMemo(() => ({ type: "inbox" as const, filter: { ...base, assignee: "unassigned", limit: 1 } }), [base]));
  const all = client.useSubscription(useMemo(() => ({ type: "inbox" as const, filter: { ...base, limit: 1 } }), [base]));

  // Ask for the full list once the first page is on screen (or straight away when it is already known).
  const [wantFull, setWantFull] = useState(false);
  useEffect(() => {
    if (!page || wantFull) return;
    // A task later, so the first page is painted before the big snapshot is asked for and indexed.
    const t = setTimeout(() => setWantFull(true), 0);
    return () => clearTimeout(t);
  }, [page, wantFull]);
  // Until then the hook holds the cheap session topic (hooks cannot be called conditionally).
  const fullTopic = useMemo<Topic>(() => (wantFull ? { type: "inbox", filter: { ...base, limit: FULL_LIST } } : { type: "session" }), [wantFull, base]);
  const fullOrSession = client.useSubscription(fullTopic);
  const full = wantFull && fullOrSession && "conversations" in fullOrSession ? (fullOrSession as InboxSnapshot) : undefined;
  const complete = !!full && full.conversations.length >= full.total;
  const source = complete ? full : page;

  const data = useMemo(() => (source ? toInboxData(source) : null), [source]);
  const failedIds = useMemo(() => (source ? failedConversationIds(source) : undefined), [source]);
  const counts = mine && unassigned && all ? { mine: mine.total, unassigned: unassigned.total, all: all.total } : null;
  // While a new filter loads, keep the last list on screen rather than flashing an empty state.
  const last = useRef<InboxData | null>(null);
  if (data) last.current = data;
  return { data: data ?? last.current, loading: !data, me: source?.me ?? null, counts, complete, failedIds };
}
