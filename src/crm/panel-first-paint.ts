// The framed panel's first frame on a full page load (tabs/panel.tsx): the cached thread painted with plain DOM
// from the worker's snapshot, before React's first render of the panel. That render is cold (none of the
// panel's code has run yet in this new document) and took 100–180 ms after the thread's snapshot came, on
// the busy 2-core bench machine (bench/panel-switch.ts, BENCHMARKS.md). React's panel replaces this paint in
// the commit that first shows the record. As the web app paints its saved list first (web/boot.ts).
// Text is set as text (textContent), never parsed as HTML.
import type { ThreadSnapshot } from "~src/protocol/snapshots";
import { bubbleTime } from "~src/ui/common/format";

/** Paints `name` over the snapshot's messages as the first child of `body`; returns its removal. */
export function paintFirstThread(body: HTMLElement, name: string | null, thread: Pick<ThreadSnapshot, "messages">): () => void {
  const doc = body.ownerDocument;
  const el = (tag: string, className: string, text?: string) => {
    const e = doc.createElement(tag);
    e.className = className;
    if (text !== undefined) e.textContent = text;
    return e;
  };
  const app = el("div", "st-app st-panel");
  app.dataset.firstPaint = "";
  app.setAttribute("aria-busy", "true"); // the full panel (composer, tools) comes with React
  const header = el("header", "st-header");
  const top = header.appendChild(el("div", "st-header-top"));
  top.appendChild(el("div", "st-header-who")).appendChild(el("h1", "st-header-name", name ?? ""));
  const timeline = el("div", "st-timeline");
  timeline.setAttribute("role", "log");
  timeline.setAttribute("aria-label", "Conversation history");
  for (const m of thread.messages) {
    const out = m.direction === "outbound";
    const row = timeline.appendChild(el("div", `st-bubble-row ${out ? "is-out" : "is-in"}`));
    const bubble = row.appendChild(el("div", `st-bubble ${out ? "st-bubble-out" : "st-bubble-in"}`));
    if (m.body) bubble.appendChild(el("p", "st-bubble-text", m.body));
    for (const media of m.media) bubble.appendChild(el("span", "st-media", media.fileName ?? "Attachment"));
    row.appendChild(el("div", "st-bubble-meta", bubbleTime(m.createdAt)));
  }
  app.append(header, timeline);
  body.prepend(app);
  timeline.scrollTop = timeline.scrollHeight; // the newest messages, as Timeline shows them
  return () => app.remove();
}

/**
 * The first paint of one document: painted at most once, for one record; `painted(stillShown)` runs just after
 * its frame is on screen (rAF runs before the paint, a task queued from it after). Over for good once React's
 * panel shows a record, or the page moves to another record (another record's thread is never shown).
 * A first paint already in the page's HTML (the worker rendered it, src/worker/panel-page.ts: its
 * `data-first-paint` is the record's URL) is this document's first paint: adopted, never painted twice.
 */
export function firstPaintOfDocument(body: HTMLElement) {
  const rendered = body.querySelector<HTMLElement>(":scope > [data-first-paint]");
  let over = false;
  let pending = false;
  let url: string | null = rendered?.dataset.firstPaint || null;
  let remove = () => rendered?.remove();
  const end = () => {
    over = true;
    url = null;
    remove();
  };
  return {
    /** Painted and its frame not yet on screen: what would be announced waits for that frame. */
    pending: () => pending,
    mayPaint: () => !over && !pending && url === null,
    paint(recordUrl: string, name: string | null, thread: Pick<ThreadSnapshot, "messages">, painted: (stillShown: boolean) => void) {
      remove = paintFirstThread(body, name, thread);
      pending = true;
      url = recordUrl;
      requestAnimationFrame(() =>
        setTimeout(() => {
          pending = false;
          painted(url === recordUrl);
        }, 0),
      );
    },
    end,
    /** The page now expects the record at `next`: a paint of another record goes. */
    expect(next: string) {
      if (url !== null && url !== next) end();
    },
  };
}
