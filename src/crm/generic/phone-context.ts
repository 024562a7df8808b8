// What sits next to a number says whether it is a phone: "Mobile:", a ☎ icon, an aria-label "Call", a "Work"
// written after it — or "Order #" / "$" / "ID" / "Fax" saying it is not. Only consulted for text runs shaped
// like numbers. Labels come from text the rep sees (and aria-label/title), never from class names: an icon's
// class may only say "this is a phone".
import { composedParent } from "../dom/deep-query";
import { isFaxLabel, isKindLabel, labelFromText, type PhoneLabel } from "../phone-label";
import { OWN_UI_SELECTOR, textOf } from "../visible";

const PHONE_WORDS =
  /\b(phone|phones|telephone|tel|mobile|mobil|cell|cellular|handy|whatsapp|sms|text|call|direct|office|main|telefon|téléphone|teléfono|telefono|portable|móvil|celular)\b|[☎☏✆📞📱]/iu;
const ICON_CLASS = /(^|[-_\s])(phone|call|tel|mobile)([-_\s]|$)|icon-phone|fa-phone/i;
const NOT_A_PHONE = /(order|invoice|inv|id|ref|reference|no|number|sku|ticket|case|tracking|po|acct|account|iban|ssn|zip|postal|#)\s*[:.#]?\s*$/i;
const PHONE_JUST_BEFORE = /phone|tel|mobile|cell/i;
const CURRENCY = /[$€£¥₹]\s*$/;
/** A field label naming something that is not a phone. */
const NOT_A_PHONE_LABEL =
  /\b(order|invoice|id|ref|reference|sku|ticket|case|tracking|po|account|acct|iban|ssn|zip|postal|amount|total|price|budget|revenue|serial|vat|tax|date|created|modified)\b/i;
/** "Phone", "Phones", "Phone number": says it is a phone, not which kind, so a "Work" after the number decides. */
const GENERIC = /^\W*(phone|phones|telephone|tel|phone numbers?|numbers?|telefon|téléphone|teléfono)\W*$/i;
const DIGIT_RUN = /\d(?:[\s().\-\u00a0/]{0,3}\d){6}/;
const MAX_LABEL = 40;
const LEVELS = 5;
const NOT_LABELS = new Set(["BUTTON", "INPUT", "SELECT", "TEXTAREA", "SCRIPT", "STYLE", "SVG", "svg", "IMG"]);

export interface PhoneContext {
  labelled: boolean;
  /** The label says it is something else: "Order number", "Customer ID", "Amount". */
  notPhone: boolean;
  label: PhoneLabel;
  fax: boolean;
  /** In words, for "Why this number?": `label "Work" after the number`. */
  detail: string;
}

/**
 * True when the text right before a number says it isn't a textable phone: an order or ID number, a price,
 * a fax. A plain string test, so it runs before anything touches the DOM or parses.
 */
export function ruledOutBy(before: string): boolean {
  const tail = before.slice(-40);
  if (CURRENCY.test(tail) || isFaxLabel(tail.slice(-20))) return true;
  return NOT_A_PHONE.test(tail) && !PHONE_JUST_BEFORE.test(tail.slice(-20));
}

/** Whether a label or icon marks the number in `el` as a phone, and which kind; `before`/`after`: its text node. */
export function readLabel(el: Element, before: string, after = ""): PhoneContext {
  // Text in the same node first, cut at the neighbouring number ("Office 415… - mobile 628…").
  const ownBefore = before
    .replace(/^[\s\S]*\d/, "")
    .slice(-MAX_LABEL)
    .trim();
  const ownAfter = after.replace(/\d[\s\S]*$/, "").trim();
  const near = ownBefore ? null : labelNear(el);
  const beforeText = ownBefore || near?.before || "";
  const afterText = ownAfter && isKindLabel(ownAfter) ? ownAfter : ownBefore ? "" : (near?.after ?? "");
  const fax = isFaxLabel(beforeText) || isFaxLabel(afterText);
  const icon = hasPhoneIcon(el);
  const labelled = PHONE_WORDS.test(beforeText) || isKindLabel(beforeText) || (afterText !== "" && looksLikePhoneLabel(afterText)) || icon;
  const notPhone = !labelled && NOT_A_PHONE_LABEL.test(beforeText);
  if (!labelled) return { labelled, notPhone, label: "other", fax, detail: "" };
  const fromBefore = labelFromText(beforeText);
  const useAfter = afterText !== "" && (fromBefore === "other" || GENERIC.test(beforeText));
  const label = useAfter ? labelFromText(afterText) : fromBefore;
  const detail = useAfter
    ? `label "${bare(afterText)}" after the number`
    : beforeText
      ? `label "${bare(beforeText)}" before the number`
      : "a phone icon beside the number";
  return { labelled, notPhone: false, label, fax, detail };
}

/** Text that reads as a phone's label: "Mobile", "Phone number", "Work", "Fax", "☎". */
export function looksLikePhoneLabel(text: string): boolean {
  return isKindLabel(text) || (text.length <= 30 && (PHONE_WORDS.test(text) || isFaxLabel(text)));
}

/** "(Work)", "Mobile:" → "Work", "Mobile". */
export function bare(label: string): string {
  return label.replace(/^[\s:·•([|,–—-]+|[\s:·•)\]|,–—-]+$/g, "");
}

interface Near {
  before?: string;
  after?: string;
}

/**
 * The label beside the number, looked for up to five levels up: the element's own aria-label/title, then the
 * siblings around it. When a label stands on both sides (a list of fields), the container's order decides:
 * labels-first layouts put a label before the first value, labels-after layouts a value before the first label.
 */
export function labelNear(el: Element): Near | null {
  let node: Element | null = el;
  for (let depth = 0; node && depth < LEVELS; depth++) {
    const own = node.getAttribute("aria-label") || node.getAttribute("title") || node.getAttribute("data-label");
    if (own && !DIGIT_RUN.test(own)) return { before: own.slice(0, MAX_LABEL) };
    const parent: Element | null = composedParent(node);
    if (!parent || parent.tagName === "HTML") break;
    const siblings = node.parentNode!.childNodes;
    const at = Array.prototype.indexOf.call(siblings, node) as number;
    const before = sideLabel(siblings, at, -1);
    const after = sideLabel(siblings, at, 1);
    // After a value, only a phone label counts ("Work", "Mobile phone"): other text there is the next field.
    const afterKind = after && looksLikePhoneLabel(after) ? after : null;
    if (before && afterKind) return labelsFirst(siblings) ? { before } : { after: afterKind };
    if (before) return { before };
    if (afterKind) return { after: afterKind };
    // Another value beside this one: the label (if any) belongs to the pair, keep climbing.
    node = parent;
  }
  return null;
}

/** The nearest label-like text on one side, skipping empty nodes and icons; a value or a control ends the search. */
function sideLabel(siblings: NodeListOf<ChildNode>, at: number, step: 1 | -1): string | null {
  for (let i = at + step; i >= 0 && i < siblings.length; i += step) {
    const node = siblings[i];
    const kind = labelKind(node);
    if (kind === "empty") continue;
    return kind === "label" ? text(node).slice(step < 0 ? -MAX_LABEL : 0, step < 0 ? undefined : MAX_LABEL) : null;
  }
  return null;
}

function labelKind(node: ChildNode): "empty" | "label" | "other" {
  if (node.nodeType === 1) {
    const el = node as Element;
    if (
      NOT_LABELS.has(el.tagName) ||
      el.matches(OWN_UI_SELECTOR) ||
      el.getAttribute("role") === "button" ||
      el.getAttribute("aria-hidden") === "true" ||
      el.hasAttribute("hidden")
    )
      return "empty";
  } else if (node.nodeType !== 3) return "empty";
  const t = text(node);
  if (!t) return "empty";
  return t.length <= MAX_LABEL && !DIGIT_RUN.test(t) ? "label" : "other";
}

function labelsFirst(siblings: NodeListOf<ChildNode>): boolean {
  for (const node of siblings) {
    const kind = labelKind(node);
    if (kind === "label") return true;
    if (kind === "other") return false;
  }
  return true;
}

function text(node: ChildNode): string {
  return node.nodeType === 1 ? textOf(node as Element) : (node.nodeValue ?? "").replace(/\s+/g, " ").trim();
}

function hasPhoneIcon(el: Element): boolean {
  const prev = el.previousElementSibling ?? el.parentElement?.previousElementSibling ?? null;
  const first = el.firstElementChild;
  return [prev, first].some((icon) => !!icon && (ICON_CLASS.test(icon.getAttribute("class") ?? "") || ICON_CLASS.test(icon.getAttribute("aria-label") ?? "")));
}
