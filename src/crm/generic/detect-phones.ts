// Finds phone numbers in a page region (the labelled-field reader): tel:/sms: links first, then numbers next
// to a phone label or icon (before or after the number), read-only inputs that hold one, then other visible
// text. Open shadow roots count. libphonenumber-js does the parsing; dates, IDs, prices and ZIP codes never
// parse as possible numbers, or are ruled out by their shape or what stands before them.
import type { CrmPhone, PhoneFoundBy } from "~src/protocol/record";
import { deepClosest, deepQueryAll, inOneRead, openShadowRoots } from "../dom/deep-query";
import { addPhone, isFaxLabel, labelFromText, readPhone } from "../phone-label";
import { OWN_UI_SELECTOR, isShown } from "../visible";
import { findCandidates, parseCandidate } from "./find-candidates";
import { bare, labelNear, looksLikePhoneLabel, readLabel, ruledOutBy } from "./phone-context";
import { outsideRecord } from "./region";

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
const LONG_LIST = 100;
const ORDER: Record<PhoneSource, number> = { link: 0, label: 1, text: 2 };

/**
 * `reader`: who reads ("generic", or the CRM whose site reader found nothing), for "Why this number?".
 * `labelledOnly`: on a CRM's record page only labelled numbers and links count — a valid number in running
 * text there is an activity ("dialled (212) 555-0123"), not a field.
 */
export function detectPhones(root: Document | Element, country = "US", reader = "generic", labelledOnly = false): DetectedPhone[] {
  return inOneRead(() => {
    const doc = root.nodeType === 9 ? (root as Document) : root.ownerDocument!;
    const scope = root.nodeType === 9 ? (doc.body ?? doc.documentElement) : (root as Element);
    const scan: Scan = { country, reader, labelledOnly, lists: new Map(), shown: new Map(), outside: new Map(), found: [], linked: new Set() };
    // document.links is kept by the browser (a selector over every element costs ~1 ms on a large page); it
    // lists the light DOM's links only, so shadow trees' are added.
    const links =
      root.nodeType === 9
        ? [...doc.links, ...openShadowRoots(doc).flatMap((r) => [...r.querySelectorAll("a[href]")])]
        : deepQueryAll(scope, "a[href],area[href]");
    readLinks(scan, links);
    readInputs(scan, deepQueryAll(scope, "input:not([type=hidden]):not([type=search])"));
    for (const tree of [scope, ...openShadowRoots(scope)]) {
      if (scan.found.length >= MAX_FOUND) break; // A record has a few numbers; hundreds is a list.
      readText(scan, doc.createTreeWalker(tree, 4 /* SHOW_TEXT */));
    }
    return dedupe(scan.found);
  });
}

interface Scan {
  country: string;
  labelledOnly: boolean;
  lists: Map<Element, Element | null>;
  reader: string;
  shown: Map<Element, boolean>;
  outside: Map<Element, boolean>;
  found: DetectedPhone[];
  linked: Set<Element>;
}

function readable(scan: Scan, el: Element): boolean {
  return isShown(el, scan.shown) && !outsideRecord(el, scan.outside);
}

function readLinks(scan: Scan, anchors: Element[]): void {
  for (const link of anchors) {
    if (!LINK_SCHEME.test(link.getAttribute("href") ?? "") || scan.linked.has(link) || !readable(scan, link)) continue;
    scan.linked.add(link);
    const phone = phoneFromLink(link, scan);
    if (phone) scan.found.push({ phone, element: link, source: "link" });
  }
}

function readInputs(scan: Scan, inputs: Element[]): void {
  // CRMs (HubSpot) show properties in read-only inputs: their value is text the rep sees, no text node holds it.
  for (const el of inputs) {
    const input = el as HTMLInputElement;
    if (!input.readOnly && !input.disabled) continue;
    if (!DIGIT_RUN.test(input.value) || !readable(scan, input)) continue;
    const label =
      [...(input.labels ?? [])]
        .map((l) => l.textContent ?? "")
        .join(" ")
        .trim() ||
      input.getAttribute("aria-label") ||
      nearLabel(input);
    if (isFaxLabel(label)) continue;
    const by = foundBy(scan, "labelled", label ? `read-only field "${label}"` : "read-only field");
    const phone = readPhone(input.value, labelFromText(label), scan.country, by);
    if (phone) scan.found.push({ phone, element: input, source: "label" });
  }
}

function nearLabel(el: Element): string {
  const near = labelNear(el);
  return near?.before ?? near?.after ?? "";
}

function readText(scan: Scan, walker: TreeWalker): void {
  for (let node = walker.nextNode(); node && scan.found.length < MAX_FOUND; node = walker.nextNode()) {
    const text = node.nodeValue!;
    if (text.length < 7 || !DIGIT_RUN.test(text)) continue;
    // A text right inside a shadow root belongs to the root's host.
    const parent = node.parentElement ?? (node.parentNode as ShadowRoot | null)?.host ?? null;
    if (!parent || SKIP_PARENTS.has(parent.tagName)) continue;
    const list = scan.labelledOnly ? longList(scan, parent) : null;
    if (list) {
      skipPast(walker, list);
      continue;
    }
    // Cheapest first: shape, then what stands before the number (order IDs, prices), then the labels around
    // it, then visibility, and only then a parse (~80 µs each in Chromium).
    let kept: { raw: string; context: ReturnType<typeof readLabel> }[] | null = null;
    for (const { raw, start } of findCandidates(text)) {
      const before = text.slice(0, start);
      if (ruledOutBy(before)) continue;
      const context = readLabel(parent, before, text.slice(start + raw.length));
      if (context.fax || context.notPhone || (!context.labelled && (scan.labelledOnly || /^\d+$/.test(raw)))) continue;
      kept ??= [];
      kept.push({ raw, context });
    }
    if (!kept) continue;
    const link = deepClosest(parent, "a");
    if ((link && scan.linked.has(link)) || deepClosest(parent, OWN_UI_SELECTOR) || !readable(scan, parent)) continue;
    for (const { raw, context } of kept) {
      const number = parseCandidate(raw, scan.country);
      // Unlabelled text must be a valid number; a labelled one only a possible one (555-01xx test numbers).
      if (!number || (!context.labelled && !number.isValid())) continue;
      const detail = context.labelled ? context.detail : "a valid number in the text";
      const phone: CrmPhone = {
        raw: raw.replace(/\s+/g, " "),
        e164: number.number,
        label: context.label,
        extension: number.ext ?? null,
        foundBy: foundBy(scan, "labelled", detail),
      };
      scan.found.push({ phone, element: parent, source: context.labelled ? "label" : "text" });
    }
  }
}

/**
 * On a CRM's record page, an element with a hundred children or more is a feed or a list of other records
 * (a record's fields number in the tens): its numbers are not the record's, and reading them is most of the
 * time a fallback read takes. Answers are cached per ancestor within the scan.
 */
function longList(scan: Scan, el: Element): Element | null {
  const seen: Element[] = [];
  let found: Element | null = null;
  for (let node: Element | null = el; node; node = node.parentElement) {
    const known = scan.lists.get(node);
    if (known !== undefined) {
      found = known;
      break;
    }
    seen.push(node);
    if (node.childElementCount >= LONG_LIST) {
      found = node;
      break;
    }
  }
  for (const s of seen) scan.lists.set(s, found);
  return found;
}

/** Moves the walker to the last node inside `el`: its next node is the first one after it. */
function skipPast(walker: TreeWalker, el: Element): void {
  let last: Node = el;
  while (last.lastChild) last = last.lastChild;
  walker.currentNode = last;
}

function foundBy(scan: Scan, layer: "labelled" | "link", detail: string): PhoneFoundBy {
  return { reader: scan.reader, layer, detail: detail.slice(0, 200) };
}

function phoneFromLink(link: Element, scan: Scan): CrmPhone | null {
  const href = link.getAttribute("href") ?? "";
  let target = href.replace(/^[a-z]+:(\/\/)?/i, "").split("?")[0];
  try {
    target = decodeURIComponent(target);
  } catch {
    // A malformed escape: keep the raw text.
  }
  // RFC 3966 writes extensions as ";ext=204"; dialers use "," pauses.
  target = target
    .replace(/;ext=/i, " ext. ")
    .replace(/^([^,]+),+(\d+)$/, "$1 ext. $2")
    .replace(/;.*$/, "");
  const shown = (link.textContent ?? "").trim();
  const wording = shown.length <= 40 && !/\d/.test(shown) ? shown : ""; // "Office", "Call mobile"
  const own = `${link.getAttribute("aria-label") ?? ""} ${link.getAttribute("title") ?? ""} ${wording}`.trim();
  const near = own && !DIGIT_RUN.test(own) ? { before: own } : labelNear(link);
  // A job title or a name beside a link is not its label.
  const nearText = near?.before ?? near?.after ?? "";
  const hint = looksLikePhoneLabel(nearText) ? nearText : "";
  if (isFaxLabel(hint)) return null;
  const sms = /^sms:/i.test(href);
  const label = sms ? "mobile" : labelFromText(hint);
  const scheme = sms ? "sms:" : "tel:";
  const where = hint && near?.after ? ` with label "${bare(hint)}" after it` : hint ? ` with label "${bare(hint)}"` : "";
  const by = foundBy(scan, "link", `${scheme} link${where}`);
  const fromText = shown && /\d{3}/.test(shown.replace(/\D/g, "")) ? readPhone(shown, label, scan.country, by) : null;
  const fromHref = readPhone(target, label, scan.country, by);
  if (fromText && fromHref && fromText.e164 === fromHref.e164) return { ...fromText, extension: fromText.extension ?? fromHref.extension };
  return fromHref ?? fromText;
}

function dedupe(found: DetectedPhone[]): DetectedPhone[] {
  const sorted = [...found].sort((a, b) => ORDER[a.source] - ORDER[b.source]);
  const phones: CrmPhone[] = [];
  const out: DetectedPhone[] = [];
  for (const item of sorted) {
    const before = phones.length;
    addPhone(phones, item.phone, item.element);
    if (phones.length > before) out.push(item);
  }
  return out;
}
