// What the popup list needs from the worker, fetched so the first paint never waits for the whole cache:
// one index page for the current view comes first (one small Dexie read, and its total is that view's
// count); the full list for the status — search, long scrolls and the other views' counts — only after
// that page is painted. Every inbox topic costs the worker a filtered count over the cache, so the popup
// keeps to these two.
import { useEffect, useMemo, useRef, useState } from "react";
import type { ConversationStatus } from "../../protocol/entities";
import type { Presence } from "../../protocol/stream";
import type { InboxFilter, InboxSnapshot, Topic } from "../../protocol/messages";
import { useClient } from "../common/client-context";
import type { View } from "./inbox-index";
import { listFilterKey } from "./popup-store";
import type { ViewCounts } from "./ViewTabs";
import { clearFirstPage, readFirstPage, writeFirstPage } from "../common/first-page-cache";
import type { InboxData } from "../common/types";

/** Rows in the first page: more than a popup shows, so a short scroll needs nothing else. */
const FIRST_PAGE = 60;
/** Longest wait for an idle moment before asking for the full list. */
const FULL_WAIT_MS = 300;
/** The whole cache the popup searches in (the worker's maximum). */
const FULL_LIST = 5000;

const ASSIGNEE: Record<View, string | undefined> = { mine: "me", unassigned: "unassigned", all: undefined };

export interface InboxLists {
  data: InboxData | null;
  me: InboxSnapshot["me"];
  /** Counts known before the full list arrives (null: count them locally from `data`). */
  counts: ViewCounts | null;
  /** True when `data` holds every conversation of the status (search and counts are exact locally). */
  complete: boolean;
  /** The current filter's first page has not arrived yet (data may be the previous filter's). */
  loading: boolean;
  failedIds: Set<string> | undefined;
  /** Teammates viewing or typing in the listed conversations. */
  presence: Presence[];
}

interface ListFilter {
  view: View;
  status: ConversationStatus;
  inboxId: string;
  /** "" for any tag. */
  tag: string;
  /** The signed-in user per the session topic (undefined until it arrives): a saved page of anyone else is dropped. */
  userId: string | null | undefined;
}

export function useInboxLists({ view, status, inboxId, tag, userId }: ListFilter): InboxLists {
  const client = useClient();
  const base = useMemo<InboxFilter>(() => ({ status, ...(inboxId ? { inboxId } : {}), ...(tag ? { tag } : {}) }), [status, inboxId, tag]);
  const filterKey = listFilterKey({ view, status, inboxId, tag });
  const livePage = client.useSubscription(
    useMemo(() => ({ type: "inbox" as const, filter: { ...base, assignee: ASSIGNEE[view], limit: FIRST_PAGE } }), [base, view]),
  );
  // Until the worker answers, the page this popup showed last time (same filter, same user).
  const savedPage = useMemo(() => readFirstPage(filterKey), [filterKey]);
  const otherUser = !!userId && !!savedPage && savedPage.me?.id !== userId;
  useEffect(() => {
    if (otherUser) clearFirstPage();
  }, [otherUser]);
  const page = livePage ?? (otherUser ? undefined : (savedPage ?? undefined));
  useEffect(() => {
    if (livePage) writeFirstPage(filterKey, livePage);
  }, [livePage, filterKey]);

  // Ask for the full list once the first page is on screen (or straight away when it is already known).
  const [wantFull, setWantFull] = useState(false);
  useEffect(() => {
    if (!livePage || wantFull) return;
    // Once the popup is idle after painting the first page: the full snapshot (megabytes for 5,000
    // conversations) must not land between the first page and its paint. Search waits at most FULL_WAIT_MS.
    if (typeof requestIdleCallback !== "function") {
      const t = setTimeout(() => setWantFull(true), 0);
      return () => clearTimeout(t);
    }
    const idle = requestIdleCallback(() => setWantFull(true), { timeout: FULL_WAIT_MS });
    return () => cancelIdleCallback(idle);
  }, [livePage, wantFull]);
  // Until then the hook holds the cheap session topic (hooks cannot be called conditionally).
  const fullTopic = useMemo<Topic>(() => (wantFull ? { type: "inbox", filter: { ...base, limit: FULL_LIST } } : { type: "session" }), [wantFull, base]);
  const fullOrSession = client.useSubscription(fullTopic);
  const full = wantFull && fullOrSession && "conversations" in fullOrSession ? (fullOrSession as InboxSnapshot) : undefined;
  const complete = !!full && full.conversations.length >= full.total;
  const source = complete ? full : page;

  const data: InboxData | null = source ?? null;
  const failedIds = useMemo(() => (source ? failedConversationIds(source) : undefined), [source]);
  const presence = useMemo(() => Object.values(source?.presence ?? {}).flat(), [source]);
  // Before the full list: only the current view's count is known (the page's total).
  const counts: ViewCounts | null = complete ? null : { mine: null, unassigned: null, all: null, [view]: page?.total ?? null };
  // While a new filter loads, keep the last list on screen rather than flashing an empty state.
  const last = useRef<InboxData | null>(null);
  if (data) last.current = data;
  return { data: data ?? last.current, loading: !data, me: source?.me ?? null, counts, complete, failedIds, presence };
}

/** Conversations to mark "Failed": the server says a text did not get through, or a send of mine was refused. */
function failedConversationIds(s: InboxSnapshot): Set<string> {
  const ids = new Set(s.outbox.filter((o) => o.state === "failed" && o.conversationId).map((o) => o.conversationId!));
  for (const c of s.conversations) if (c.lastDeliveryFailureAt) ids.add(c.id);
  return ids;
}
