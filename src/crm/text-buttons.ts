// A small "Text" button after each phone link of the open record: one click opens the panel on that number.
// Each button lives in its own shadow root so the CRM's CSS leaves it alone; the page signal removes them.
import type { CrmPhone, CrmRecord } from "~src/protocol/record";
import { readPhone } from "./phone-label";
import { isShown } from "./visible";

const LINKS = "a[href^='tel:'],a[href^='sms:']";
const CSS = `button { all: unset; margin-left: 6px; padding: 0 6px; border-radius: 9px; font: 600 11px/18px system-ui,
  sans-serif; color: #fff; background: #2563eb; cursor: pointer; vertical-align: middle; }
button:focus-visible { outline: 2px solid #1e3a8a; outline-offset: 1px; }`;

export function addTextButtons(document: Document, record: CrmRecord, onPick: (phone: CrmPhone) => void, signal: AbortSignal): void {
  if (signal.aborted || record.phones.length === 0) return;
  const added: Element[] = [];
  const cache = new Map<Element, boolean>();
  for (const link of document.querySelectorAll(LINKS)) {
    if (link.nextElementSibling?.hasAttribute("data-sidetext-text-button") || !isShown(link, cache)) continue;
    const number = decodeURIComponent((link.getAttribute("href") ?? "").replace(/^[a-z]+:/i, "").split(/[?;,]/)[0]);
    const e164 = readPhone(number, "other")?.e164;
    const phone = record.phones.find((p) => p.e164 === e164);
    if (!phone) continue;
    const host = document.createElement("sidetext-text");
    host.setAttribute("data-sidetext-text-button", "");
    const shadow = host.attachShadow({ mode: "open" });
    const style = document.createElement("style");
    style.textContent = CSS;
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = "Text";
    button.setAttribute("aria-label", `Text ${phone.raw} with Sidetext`);
    button.addEventListener("click", (event) => {
      event.preventDefault();
      event.stopPropagation(); // CRMs open their own dialer on clicks around the number.
      onPick(phone);
    }, { signal });
    shadow.append(style, button);
    link.after(host);
    added.push(host);
  }
  signal.addEventListener("abort", () => added.forEach((el) => el.remove()), { once: true });
}
