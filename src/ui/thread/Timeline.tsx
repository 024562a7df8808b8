// The thread: bubbles, notes and activity in time order. Sticks to the bottom as messages arrive (unless
// the rep scrolled up to read), and asks for older history when scrolled to the top.
import { useLayoutEffect, useMemo, useRef } from "react";
import type { User } from "../../protocol/entities";
import { ActivityLine, activityText } from "./ActivityLine";
import { MessageBubble } from "./MessageBubble";
import { NoteItem } from "./NoteItem";
import { OutboxBubble } from "./OutboxBubble";
import { timelineEntries } from "./timeline-items";
import type { CrmLogByMessage } from "./use-crm-log";
import type { ThreadData } from "../common/types";

export interface TimelineProps {
  thread: Pick<ThreadData, "messages" | "notes" | "activities" | "outbox" | "hasMore">;
  users: User[];
  meId?: string;
  loadingOlder?: boolean;
  onLoadOlder(): void;
  onRetry(outboxId: string): void;
  onDiscard(outboxId: string): void;
  onResend?(body: string): void;
  /** Where each message stands in the connected CRMs, and asking to log one again. */
  crmLog?: CrmLogByMessage;
  onRetryCrmLog?(messageId: string): void;
}

const TOP_THRESHOLD = 48;
const BOTTOM_THRESHOLD = 80;

export function Timeline({ thread, users, meId, loadingOlder, onLoadOlder, onRetry, onDiscard, onResend, crmLog, onRetryCrmLog }: TimelineProps) {
  const ref = useRef<HTMLDivElement>(null);
  const entries = useMemo(
    () => timelineEntries(thread.messages, thread.notes, thread.activities, thread.outbox),
    [thread.messages, thread.notes, thread.activities, thread.outbox],
  );
  const userById = useMemo(() => {
    const map = new Map(users.map((u) => [u.id, u]));
    return (id: string | null) => (id ? map.get(id) : undefined);
  }, [users]);

  // Keep the view anchored: at the bottom when it was there, on the same message when older ones prepend.
  const anchor = useRef({ atBottom: true, firstKey: "", height: 0 });
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const first = entries[0]?.key ?? "";
    if (anchor.current.atBottom) el.scrollTop = el.scrollHeight;
    else if (first !== anchor.current.firstKey) el.scrollTop += el.scrollHeight - anchor.current.height;
    anchor.current.firstKey = first;
    anchor.current.height = el.scrollHeight;
  }, [entries]);

  // The timeline shrinks when the collision warning or a template form opens below it: stay on the newest
  // message so the rep sees what just arrived.
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el || typeof ResizeObserver === "undefined") return;
    const ro = new ResizeObserver(() => {
      if (anchor.current.atBottom) el.scrollTop = el.scrollHeight;
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  const onScroll = () => {
    const el = ref.current;
    if (!el) return;
    anchor.current.atBottom = el.scrollHeight - el.scrollTop - el.clientHeight < BOTTOM_THRESHOLD;
    anchor.current.height = el.scrollHeight;
    if (el.scrollTop < TOP_THRESHOLD && thread.hasMore && !loadingOlder) onLoadOlder();
  };

  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: the history scrolls; focused (by Tab, or by the popup when a conversation opens) it scrolls with the arrow keys.
    <div className="st-timeline" ref={ref} onScroll={onScroll} data-testid="thread" role="log" aria-label="Conversation history" tabIndex={0}>
      {thread.hasMore ? (
        <button type="button" className="st-load-older" onClick={onLoadOlder} disabled={loadingOlder}>
          {loadingOlder ? "Loading older messages…" : "Load older messages"}
        </button>
      ) : (
        entries.length > 0 && <div className="st-timeline-start">Start of conversation</div>
      )}
      {entries.length === 0 && <div className="st-empty-inline">No messages yet. Write the first one below.</div>}
      {entries.map((entry) => {
        switch (entry.kind) {
          case "message":
            return (
              <MessageBubble
                key={entry.key}
                message={entry.message}
                author={userById(entry.message.authorId)}
                onResend={onResend}
                crmLog={crmLog?.get(entry.message.id)}
                onRetryCrmLog={onRetryCrmLog}
              />
            );
          case "note":
            return <NoteItem key={entry.key} note={entry.note} author={userById(entry.note.authorId)} />;
          case "activity":
            return <ActivityLine key={entry.key} text={activityText(entry.activity, userById, meId)} at={entry.at} />;
          case "outbox":
            return <OutboxBubble key={entry.key} item={entry.item} onRetry={onRetry} onDiscard={onDiscard} />;
        }
        return null; // every kind is one of the above
      })}
    </div>
  );
}
