// A small "Text" button beside each of the open record's numbers — after its tel:/sms: links and after the
// plain-text numbers the readers found (placeOf) — one click opens the panel on that number. Each button
// lives in a closed shadow root (shadow-host.ts) and acts only on the rep's own clicks: a page script's
// `el.click()` does nothing. The page signal removes them.
import type { CrmPhone, CrmRecord } from "~src/protocol/record";
import { readPhone } from "./phone-label";
import { placeOf } from "./places";
import { createShadowHost, onTrusted, type EventGate } from "./shadow-host";
import { isShown } from "./visible";

const LINKS = "a[href^='tel:'],a[href^='sms:']";
const MARKER = "data-sidetext-text-button";
const CSS = `button { all: unset; margin-left: 6px; padding: 0 6px; border-radius: 9px; font: 600 11px/18px system-ui,
  sans-serif; color: #fff; background: #2563eb; cursor: pointer; vertical-align: middle; }
button:focus-visible { outline: 2px solid #1e3a8a; outline-offset: 1px; }`;

export interface TextButtonOptions {
  /** Which clicks act (default: only trusted ones; jsdom tests pass their own). */
  gate?: EventGate;
}

export function addTextButtons(
  document: Document,
  record: CrmRecord,
  onPick: (phone: CrmPhone) => void,
  signal: AbortSignal,
  options: TextButtonOptions = {},
): void {
  if (signal.aborted || record.phones.length === 0) return;
  const added: Element[] = [];
  const cache = new Map<Element, boolean>();
  const place = (after: ChildNode, phone: CrmPhone) => {
    const next = after.nextSibling;
    if (next?.nodeType === 1 && (next as Element).hasAttribute(MARKER)) return;
    const { host, root } = createShadowHost(document, "sidetext-text", MARKER, CSS);
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = "Text";
    button.setAttribute("aria-label", `Text ${phone.raw} with Sidetext`);
    onTrusted(
      button,
      "click",
      (event) => {
        event.preventDefault();
        event.stopPropagation(); // CRMs open their own dialer on clicks around the number.
        onPick(phone);
      },
      { signal, gate: options.gate },
    );
    root.append(button);
    after.after(host);
    added.push(host);
  };

  const linked = new Map<string, Element[]>(); // e164 → its links with a button
  for (const link of document.querySelectorAll(LINKS)) {
    if (!isShown(link, cache)) continue;
    const number = decodeURIComponent((link.getAttribute("href") ?? "").replace(/^[a-z]+:/i, "").split(/[?;,]/)[0]);
    const e164 = readPhone(number, "other")?.e164;
    const phone = record.phones.find((p) => p.e164 === e164);
    if (!phone) continue;
    place(link, phone);
    linked.set(phone.e164, [...(linked.get(phone.e164) ?? []), link]);
  }
  // Numbers shown as plain text: beside the text the reader read them from. Linked ones have their button,
  // also when the link sits beside the text in the same field (HubSpot: a value, then a dial icon link).
  for (const phone of record.phones) {
    const element = placeOf(phone);
    if (!element?.isConnected || element.closest(LINKS) || element.querySelector(LINKS) || !isShown(element, cache)) continue;
    const field = element.parentElement?.parentElement;
    if (field && linked.get(phone.e164)?.some((link) => field.contains(link))) continue;
    place(textNodeOf(element, phone) ?? element, phone);
  }
  signal.addEventListener(
    "abort",
    () => {
      for (const el of added) el.remove();
    },
    { once: true },
  );
}

/** The text node inside `element` that shows the number, so the button sits right after the digits. */
function textNodeOf(element: Element, phone: CrmPhone): Text | null {
  if (element.tagName === "INPUT") return null;
  const digits = phone.raw.replace(/\D/g, "");
  const walker = element.ownerDocument.createTreeWalker(element, 4 /* NodeFilter.SHOW_TEXT */);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if ((node.textContent ?? "").replace(/\D/g, "").includes(digits)) return node as Text;
  }
  return null;
}
