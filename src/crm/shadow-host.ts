// Our UI on a CRM page (the panel, "Text" buttons) lives in CLOSED shadow roots: the page's scripts can
// neither read nor restyle what is inside (`host.shadowRoot` is null for them) and the CRM's CSS can't
// reach it. Only this content script's world keeps the roots, in a WeakMap the page never sees.
const roots = new WeakMap<Element, ShadowRoot>();

export interface ShadowHost {
  host: HTMLElement;
  root: ShadowRoot;
}

/**
 * A custom-tag host (CRM stylesheets style divs; no one styles <sidetext-root>) with `marker` set, a closed
 * shadow root and our stylesheet in it. The caller places the host in the page.
 */
export function createShadowHost(document: Document, tag: string, marker: string, css: string): ShadowHost {
  const host = document.createElement(tag);
  host.setAttribute(marker, "");
  const root = host.attachShadow({ mode: "closed" });
  const style = document.createElement("style");
  style.textContent = css;
  root.append(style);
  roots.set(host, root);
  return { host, root };
}

/** The closed root of one of our hosts (this world only; the page gets null from `host.shadowRoot`). */
export function shadowOf(host: Element): ShadowRoot | null {
  return roots.get(host) ?? null;
}

/** Decides whether an event came from the rep: by default only the browser's own (trusted) input counts. */
export type EventGate = (event: Event) => boolean;

/** A page script's `el.click()` or `dispatchEvent(...)` is untrusted: it must never act for the rep. */
const fromTheRep: EventGate = (event) => event.isTrusted;

/** addEventListener that ignores events the gate refuses (scripted clicks, synthetic keys). */
export function onTrusted<K extends keyof HTMLElementEventMap>(
  target: HTMLElement,
  type: K,
  handler: (event: HTMLElementEventMap[K]) => void,
  options: { signal: AbortSignal; gate?: EventGate },
): void {
  const gate = options.gate ?? fromTheRep;
  target.addEventListener(
    type,
    (event) => {
      if (gate(event)) handler(event);
    },
    { signal: options.signal },
  );
}
