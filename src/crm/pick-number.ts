// "Pick a number on the page": until the rep clicks (or selects) a number, a bar at the top of the page
// says what to do; Escape or Cancel ends it. Only the rep's own events count (a page script's synthetic
// click must not pick for them), and the click that picks never reaches the page (no link followed).
const BAR_CSS = `
:host { all: initial; }
.bar { position: fixed; top: 12px; left: 50%; transform: translateX(-50%); z-index: 2147483647; display: flex;
  gap: 12px; align-items: center; padding: 10px 14px; border-radius: 8px; background: #1e3a8a; color: #fff;
  font: 14px/1.4 system-ui, sans-serif; box-shadow: 0 4px 16px rgba(0,0,0,.3); }
button { all: unset; padding: 4px 10px; border-radius: 6px; background: #fff; color: #1e3a8a; font-weight: 600; cursor: pointer; }
button:focus-visible { outline: 2px solid #93c5fd; outline-offset: 2px; }
`;
const DIGITS = /\d(?:\D{0,3}\d){6}/;
const MAX_TEXT = 200;

export type EventGate = (event: Event) => boolean;
const fromTheRep: EventGate = (event) => event.isTrusted;

/** Resolves with the text the rep clicked or selected, or null when they cancel (or `signal` aborts). */
export function pickNumberOnPage(doc: Document, signal: AbortSignal, gate: EventGate = fromTheRep): Promise<string | null> {
  const win = doc.defaultView!;
  const life = new AbortController();
  const on = { capture: true, signal: life.signal };
  const host = doc.createElement("sidetext-pick");
  const shadow = host.attachShadow({ mode: "closed" });
  const style = doc.createElement("style");
  style.textContent = BAR_CSS;
  const bar = doc.createElement("div");
  bar.className = "bar";
  bar.setAttribute("role", "status");
  bar.setAttribute("data-testid", "pick-bar");
  bar.textContent = "Click a phone number on the page, or select it. Esc cancels.";
  const cancel = doc.createElement("button");
  cancel.type = "button";
  cancel.textContent = "Cancel";
  bar.append(cancel);
  shadow.append(style, bar);
  doc.documentElement.append(host);
  const cursor = doc.createElement("style");
  cursor.textContent = "html, html * { cursor: crosshair !important; }";
  doc.head?.append(cursor);
  // The rep clicked "Pick" in the panel's frame: keyboard focus comes to the page so Escape reaches us.
  cancel.focus();

  return new Promise((resolve) => {
    const finish = (text: string | null) => {
      life.abort();
      host.remove();
      cursor.remove();
      resolve(text);
    };
    signal.addEventListener("abort", () => finish(null), { once: true, signal: life.signal });
    const selected = () => {
      const text = win.getSelection()?.toString().trim() ?? "";
      return DIGITS.test(text) ? text.slice(0, MAX_TEXT) : null;
    };
    cancel.addEventListener("click", (event) => gate(event) && finish(null), { signal: life.signal });
    win.addEventListener(
      "keydown",
      (event) => {
        if (!gate(event)) return;
        if (event.key === "Escape") {
          event.preventDefault();
          event.stopPropagation();
          finish(null);
        } else if (event.key === "Enter" && selected()) {
          event.preventDefault();
          finish(selected());
        }
      },
      on,
    );
    // A selection made by dragging ends with mouseup; a plain click is read on click.
    win.addEventListener(
      "mouseup",
      (event) => {
        if (gate(event) && !event.composedPath().includes(host) && selected()) finish(selected());
      },
      on,
    );
    win.addEventListener(
      "click",
      (event) => {
        if (!gate(event) || event.composedPath().includes(host)) return;
        event.preventDefault();
        event.stopPropagation();
        finish(selected() ?? textAt(doc, event));
      },
      on,
    );
  });
}

/** The clicked tel:/sms: link, else the text under the pointer, else the clicked element's own short text. */
function textAt(doc: Document, event: MouseEvent): string {
  const target = event.target instanceof Element ? event.target : null;
  const link = target?.closest("a[href]")?.getAttribute("href") ?? "";
  if (/^\s*(tel|sms|callto):/i.test(link)) return link.trim().slice(0, MAX_TEXT);
  const range = doc.caretRangeFromPoint?.(event.clientX, event.clientY);
  const under = range?.startContainer.nodeType === 3 ? (range.startContainer.nodeValue ?? "") : "";
  if (DIGITS.test(under)) return under.trim().slice(0, MAX_TEXT);
  return (target?.textContent ?? "").trim().slice(0, MAX_TEXT);
}
