// Finds phone numbers on any page the rep enabled: tel:/sms: links first, then numbers next to a phone
// label or icon, then other visible text. libphonenumber-js does the parsing; dates, IDs, prices and ZIP
// codes never parse as possible numbers, or are ruled out by their shape or what stands before them.
import type { CrmPhone } from "~src/protocol/record";
import { addPhone, labelFromText, readPhone } from "../phone-label";
import { OWN_UI_SELECTOR, isShown } from "../visible";
import { findCandidates, parseCandidate } from "./find-candidates";
import { readLabel, ruledOutBy } from "./phone-context";

export type PhoneSource = "link" | "label" | "text";
export interface DetectedPhone {
  phone: CrmPhone;
  element: Element;
  source: PhoneSource;
}

const LINK_SCHEME = /^\s*(tel|sms|callto):/i;
const SKIP_PARENTS = new Set(["SCRIPT", "STYLE", "NOSCRIPT", "TEMPLATE", "TEXTAREA", "CODE", "PRE", "OPTION"]);
/** Seven digits, possibly split by separators: the cheap test every text node passes before parsing. */
const DIGIT_RUN = /\d(?:[\s().\-\u00a0/]{0,3}\d){6}/;
const MAX_FOUND = 25;
const ORDER: Record<PhoneSource, number> = { link: 0, label: 1, text: 2 };

export function detectPhones(root: Document | Element, country = "US"): DetectedPhone[] {
  const doc = root.nodeType === 9 ? (root as Document) : root.ownerDocument!;
  const scope = root.nodeType === 9 ? (doc.body ?? doc.documentElement) : (root as Element);
  const cache = new Map<Element, boolean>();
  const found: DetectedPhone[] = [];
  const linked = new Set<Element>();
  // document.links is kept by the browser; a selector over every element costs ~1 ms on a large page.
  const anchors = root.nodeType === 9 ? doc.links : scope.querySelectorAll("a[href],area[href]");
  for (const link of anchors) {
    if (!LINK_SCHEME.test(link.getAttribute("href") ?? "") || !isShown(link, cache)) continue;
    linked.add(link);
    const phone = phoneFromLink(link, country);
    if (phone) found.push({ phone, element: link, source: "link" });
  }
  const walker = doc.createTreeWalker(scope, 4 /* SHOW_TEXT */);
  // A record has a few numbers; a page listing hundreds is a list, and its first ones are enough.
  for (let node = walker.nextNode(); node && found.length < MAX_FOUND; node = walker.nextNode()) {
    const text = node.nodeValue!;
    if (text.length < 7 || !DIGIT_RUN.test(text)) continue;
    const parent = node.parentElement;
    if (!parent || SKIP_PARENTS.has(parent.tagName)) continue;
    // Cheapest first: shape, then what stands before the number (order IDs, prices), then the labels
    // around it, then visibility, and only then a parse (~80 µs each in Chromium).
    let kept: { raw: string; context: ReturnType<typeof readLabel> }[] | null = null;
    for (const { raw, start } of findCandidates(text)) {
      const before = text.slice(0, start);
      if (ruledOutBy(before)) continue;
      const context = readLabel(parent, before);
      if (context.fax || (!context.labelled && /^\d+$/.test(raw))) continue;
      (kept ??= []).push({ raw, context });
    }
    if (!kept) continue;
    const link = parent.closest("a");
    if ((link && linked.has(link)) || parent.closest(OWN_UI_SELECTOR) || !isShown(parent, cache)) continue;
    for (const { raw, context } of kept) {
      const number = parseCandidate(raw, country);
      // Unlabelled text must be a valid number; a labelled one only a possible one (555-01xx test numbers).
      if (!number || (!context.labelled && !number.isValid())) continue;
      const phone: CrmPhone = { raw: raw.replace(/\s+/g, " "), e164: number.number, label: context.label, extension: number.ext ?? null };
      found.push({ phone, element: parent, source: context.labelled ? "label" : "text" });
    }
  }
  return dedupe(found);
}

function phoneFromLink(link: Element, country: string): CrmPhone | null {
  const href = link.getAttribute("href") ?? "";
  let target = href.replace(/^[a-z]+:(\/\/)?/i, "").split("?")[0];
  try {
    target = decodeURIComponent(target);
  } catch {
    // A malformed escape: keep the raw text.
  }
  // RFC 3966 writes extensions as ";ext=204"; dialers use "," pauses.
  target = target.replace(/;ext=/i, " ext. ").replace(/^([^,]+),+(\d+)$/, "$1 ext. $2").replace(/;.*$/, "");
  const shown = (link.textContent ?? "").trim();
  const hint = `${link.getAttribute("aria-label") ?? ""} ${link.getAttribute("title") ?? ""} ${link.previousElementSibling?.textContent ?? ""}`;
  const label = /^sms:/i.test(href) ? "mobile" : labelFromText(hint.trim());
  const fromText = shown && /\d{3}/.test(shown.replace(/\D/g, "")) ? readPhone(shown, label, country) : null;
  const fromHref = readPhone(target, label, country);
  if (fromText && fromHref && fromText.e164 === fromHref.e164) return { ...fromText, extension: fromText.extension ?? fromHref.extension };
  return fromHref ?? fromText;
}

function dedupe(found: DetectedPhone[]): DetectedPhone[] {
  const sorted = [...found].sort((a, b) => ORDER[a.source] - ORDER[b.source]);
  const phones: CrmPhone[] = [];
  const out: DetectedPhone[] = [];
  for (const item of sorted) {
    const before = phones.length;
    addPhone(phones, item.phone);
    if (phones.length > before) out.push(item);
  }
  return out;
}
