// The popup's triage screen: views with counts, filters, instant search and the windowed list.
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from "react";
import type { ConversationStatus, User } from "../../protocol/entities";
import type { Presence } from "../../protocol/stream";
import { ConversationList } from "./ConversationList";
import type { RowMarkers } from "./ConversationRow";
import { EmptyState, Loading } from "../common/EmptyState";
import { firstName } from "../common/format";
import { filterConversations, indexConversations, isUnread, type View } from "./inbox-index";
import { ListFilters } from "./ListFilters";
import { activeTeammates } from "../thread/PresenceBar";
import { SearchBox, SearchScope } from "./SearchBox";
import type { TextSearch } from "./use-message-search";
import type { InboxData } from "../common/types";
import { ViewTabs, type ViewCounts } from "./ViewTabs";

export interface InboxScreenProps {
  data: InboxData;
  me: User | null;
  view: View;
  status: ConversationStatus;
  inboxId: string;
  /** "" for any tag. */
  tag: string;
  query: string;
  activeId: string | null;
  onChange(patch: { view?: View; status?: ConversationStatus; inboxId?: string; tag?: string; query?: string; activeId?: string | null }): void;
  onOpen(id: string): void;
  onNewMessage(): void;
  /** r / e / a on the active row. */
  onReply(id: string): void;
  onResolve(id: string): void;
  onAssignToMe(id: string): void;
  /** Conversations whose latest outbound failed (if the cache knows). */
  failedIds?: ReadonlySet<string>;
  /** View totals from the worker when `data` is only the first page; counted locally otherwise. */
  counts?: ViewCounts | null;
  loading?: boolean;
  presence?: Presence[];
  /** Matches in cached message text (the worker's search), for the current query. */
  textSearch?: TextSearch | null;
  banner?: ReactNode;
}

const ENTER_WAIT_MS = 3000;

const EMPTY_TEXT: Record<View, string> = {
  mine: "Nothing assigned to you",
  unassigned: "No unassigned conversations",
  all: "No conversations",
};

const VIEW_NAMES: Record<View, string> = { mine: "Mine", unassigned: "Unassigned", all: "All" };

export function InboxScreen(p: InboxScreenProps) {
  const { data, me } = p;
  const listRef = useRef<HTMLDivElement>(null);
  const index = useMemo(() => indexConversations(data.conversations, data.contacts), [data.conversations, data.contacts]);
  const {
    rows,
    counts: localCounts,
    fromText,
  } = useMemo(
    () =>
      filterConversations(index, {
        view: p.view,
        status: p.status,
        inboxId: p.inboxId,
        tag: p.tag,
        query: p.query,
        meId: me?.id,
        textMatches: p.textSearch?.ids,
      }),
    [index, p.view, p.status, p.inboxId, p.tag, p.query, me?.id, p.textSearch],
  );
  const counts: ViewCounts = p.counts ?? localCounts;
  const usersById = useMemo(() => new Map(data.users.map((u) => [u.id, u])), [data.users]);
  const inboxNames = useMemo(() => new Map(data.inboxes.map((i) => [i.id, i.name])), [data.inboxes]);
  const presentByConversation = useMemo(() => {
    const byConversation = new Map<string, Presence[]>();
    for (const pr of p.presence ?? []) byConversation.set(pr.conversationId, [...(byConversation.get(pr.conversationId) ?? []), pr]);
    const map = new Map<string, string[]>();
    for (const [id, list] of byConversation) {
      const who = activeTeammates(list, me?.id).map((pr) => `${firstName(usersById.get(pr.userId))} is ${pr.state}`);
      if (who.length) map.set(id, who);
    }
    return map;
  }, [p.presence, me?.id, usersById]);

  const markers = useCallback(
    (row: (typeof rows)[number]): RowMarkers => ({
      unread: isUnread(row.conversation, me?.id),
      failed: p.failedIds?.has(row.conversation.id) ?? false,
      assignee: row.conversation.assigneeId ? usersById.get(row.conversation.assigneeId) : undefined,
      present: presentByConversation.get(row.conversation.id) ?? [],
      inboxName: data.inboxes.length > 1 && !p.inboxId ? inboxNames.get(row.conversation.inboxId) : undefined,
    }),
    [me?.id, p.failedIds, usersById, presentByConversation, data.inboxes.length, p.inboxId, inboxNames],
  );

  const activeId = p.activeId && rows.some((r) => r.conversation.id === p.activeId) ? p.activeId : (rows[0]?.conversation.id ?? null);

  // Enter before any result is on screen (the cache still loading, or matches in message text still on their
  // way from the worker) opens the first result as soon as it shows — unless the rep edits the search first,
  // or nothing shows within a few seconds (then a late jump would surprise more than help).
  const [enterPending, setEnterPending] = useState<{ query: string; at: number } | null>(null);
  const { onOpen } = p;
  useEffect(() => {
    if (!enterPending) return;
    if (enterPending.query !== p.query || Date.now() - enterPending.at > ENTER_WAIT_MS) setEnterPending(null);
    else if (activeId) {
      setEnterPending(null);
      onOpen(activeId);
    }
  }, [enterPending, p.query, activeId, onOpen]);

  const onListKey = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.metaKey || e.ctrlKey || e.altKey) return;
    if (e.key === "n") {
      e.preventDefault();
      p.onNewMessage();
      return;
    }
    if (!activeId) return;
    const actions: Record<string, (id: string) => void> = { r: p.onReply, e: p.onResolve, a: p.onAssignToMe };
    const act = actions[e.key];
    if (act) {
      e.preventDefault();
      act(activeId);
    } else if (e.key === "/") {
      e.preventDefault();
      document.querySelector<HTMLInputElement>("[data-testid=search]")?.focus();
    }
  };

  const searching = p.query.trim().length > 0;
  return (
    <div className="st-inbox">
      {p.banner}
      <div className="st-inbox-top">
        <SearchBox
          value={p.query}
          onChange={(query) => p.onChange({ query })}
          onNavigate={(key) => {
            if (key !== "Enter") listRef.current?.focus();
            else if (activeId) p.onOpen(activeId);
            else setEnterPending({ query: p.query, at: Date.now() });
          }}
        />
        <button type="button" className="st-btn st-btn-primary" data-testid="new-message" onClick={p.onNewMessage} title="New message (n)">
          New
        </button>
      </div>
      <ViewTabs view={p.view} counts={counts} onChange={(view) => p.onChange({ view })} />
      <ListFilters
        status={p.status}
        onStatusChange={(status) => p.onChange({ status })}
        inboxes={data.inboxes}
        inboxId={p.inboxId}
        onInboxChange={(inboxId) => p.onChange({ inboxId })}
        tag={p.tag}
        onTagChange={(tag) => p.onChange({ tag })}
        contacts={data.contacts}
      />
      {rows.length === 0 ? (
        p.loading ? (
          <Loading label="Loading conversations…" />
        ) : p.tag && !searching ? (
          <EmptyState
            testId="tag-filter-empty"
            title={`No conversation tagged “${p.tag}”`}
            hint={`Looked in ${VIEW_NAMES[p.view]}, ${p.status}. Try another view or status, or clear the filter.`}
            action={
              <button type="button" className="st-btn" data-testid="tag-filter-clear-empty" onClick={() => p.onChange({ tag: "" })}>
                Clear the filter
              </button>
            }
          />
        ) : searching ? (
          <EmptyState
            title={`No ${p.status} conversations match “${p.query}”`}
            hint="Try a name, part of a message, or a number in any format. Other views and statuses are not searched."
          />
        ) : (
          <EmptyState
            title={`${EMPTY_TEXT[p.view]} (${p.status})`}
            hint={
              p.view === "mine" && (counts.unassigned ?? 0) > 0
                ? `${counts.unassigned} unassigned waiting — press a on one to take it.`
                : "New texts appear here as they arrive."
            }
          />
        )
      ) : (
        <ConversationList
          ref={listRef}
          rows={rows}
          markers={markers}
          activeId={activeId}
          meId={me?.id}
          onActiveChange={(id) => p.onChange({ activeId: id })}
          onOpen={p.onOpen}
          onKey={onListKey}
          label={`${p.view} conversations, ${p.status}${p.tag ? `, tagged ${p.tag}` : ""}. Arrows move, Enter opens, r reply, e resolve, a assign to me, n new message`}
        />
      )}
      {searching && p.textSearch && <SearchScope fromText={fromText} searched={p.textSearch.searched} />}
      <div className="st-keys" aria-hidden="true">
        ↑↓ Enter open · r reply · e resolve · a take · n new · / search
      </div>
    </div>
  );
}
