// The inbox list, windowed: only the rows in view (plus a few) are in the DOM, so 5,000 conversations
// paint as fast as 20. Rows have a fixed height, which keeps the arithmetic trivial and scrolling smooth.
import { forwardRef, useCallback, useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent } from "react";
import { ConversationRow, type RowMarkers } from "./ConversationRow";
import type { IndexedConversation } from "./inbox-index";

const ROW_HEIGHT = 68;
const OVERSCAN = 6;
/** Rows rendered before the list has been measured (and in jsdom, which measures nothing). */
const FALLBACK_VISIBLE = 12;

interface Props {
  rows: IndexedConversation[];
  markers(row: IndexedConversation): RowMarkers;
  activeId: string | null;
  meId?: string;
  onActiveChange(id: string): void;
  onOpen(id: string): void;
  /** Keys beyond navigation (r, e, a) for the active row. */
  onKey?(e: KeyboardEvent<HTMLDivElement>): void;
  label: string;
}

export const ConversationList = forwardRef<HTMLDivElement, Props>(function ConversationList(
  { rows, markers, activeId, meId, onActiveChange, onOpen, onKey, label },
  forwarded,
) {
  const ref = useRef<HTMLDivElement | null>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(0);
  const setRef = useCallback(
    (el: HTMLDivElement | null) => {
      ref.current = el;
      if (typeof forwarded === "function") forwarded(el);
      else if (forwarded) forwarded.current = el;
    },
    [forwarded],
  );

  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    setHeight(el.clientHeight);
    if (typeof ResizeObserver === "undefined") return;
    const ro = new ResizeObserver(() => setHeight(el.clientHeight));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  const activeIndex = activeId ? rows.findIndex((r) => r.conversation.id === activeId) : -1;

  // Keep the active row in view when the keyboard moves it.
  useEffect(() => {
    const el = ref.current;
    if (!el || activeIndex < 0 || !height) return;
    const top = activeIndex * ROW_HEIGHT;
    if (top < el.scrollTop) el.scrollTop = top;
    else if (top + ROW_HEIGHT > el.scrollTop + height) el.scrollTop = top + ROW_HEIGHT - height;
  }, [activeIndex, height]);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const move = (to: number) => {
      e.preventDefault();
      const row = rows[Math.max(0, Math.min(rows.length - 1, to))];
      if (row) onActiveChange(row.conversation.id);
    };
    const page = Math.max(1, Math.floor(height / ROW_HEIGHT) - 1);
    if (e.key === "ArrowDown" || e.key === "j") move(activeIndex + 1);
    else if (e.key === "ArrowUp" || e.key === "k") move(activeIndex - 1);
    else if (e.key === "PageDown") move(activeIndex + page);
    else if (e.key === "PageUp") move(activeIndex - page);
    else if (e.key === "Home") move(0);
    else if (e.key === "End") move(rows.length - 1);
    else if (e.key === "Enter" && activeId) {
      e.preventDefault();
      onOpen(activeId);
    } else onKey?.(e);
  };

  const visible = height ? Math.ceil(height / ROW_HEIGHT) : FALLBACK_VISIBLE;
  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(rows.length, first + visible + OVERSCAN * 2);

  return (
    <div
      ref={setRef}
      className="st-list"
      role="listbox"
      aria-label={label}
      tabIndex={0}
      aria-activedescendant={activeId && activeIndex >= 0 ? `st-row-${activeId}` : undefined}
      onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
      onKeyDown={onKeyDown}
      onFocus={() => {
        if (activeIndex < 0 && rows[0]) onActiveChange(rows[0].conversation.id);
      }}
    >
      <div className="st-list-inner" style={{ height: rows.length * ROW_HEIGHT }}>
        {rows.slice(first, last).map((row, i) => (
          <ConversationRow
            key={row.conversation.id}
            row={row}
            markers={markers(row)}
            active={row.conversation.id === activeId}
            meId={meId}
            top={(first + i) * ROW_HEIGHT}
            height={ROW_HEIGHT}
            onOpen={onOpen}
            onHover={onActiveChange}
          />
        ))}
      </div>
    </div>
  );
});
