// What sits next to a number says whether it is a phone: "Mobile:", a ☎ icon, an aria-label "Call",
// or "Order #" / "$" / "ID" saying it is not. Only consulted for the few text runs that parse as numbers.
import { labelFromText, type PhoneLabel } from "../phone-label";

const PHONE_WORDS = /\b(phone|telephone|tel|mobile|mobil|cell|cellular|handy|whatsapp|sms|text|call|direct|office|main|fax)\b|[☎☏✆📞📱]/i;
const ICON_CLASS = /(^|[-_\s])(phone|call|tel|mobile)([-_\s]|$)|icon-phone|fa-phone/i;
const NOT_A_PHONE = /(order|invoice|inv|id|ref|reference|no|number|sku|ticket|case|tracking|po|acct|account|iban|ssn|zip|postal|#)\s*[:.#]?\s*$/i;
const CURRENCY = /[$€£¥₹]\s*$/;

/** Answer for one number: null when nothing near it says it is a phone. */
export interface PhoneContext {
  labelled: boolean;
  label: PhoneLabel;
  fax: boolean;
  negative: boolean;
}

/** `before` is the text in the same node before the number; `el` the element holding that text. */
export function readContext(el: Element, before: string): PhoneContext {
  const tail = before.slice(-40);
  const negative = CURRENCY.test(tail) || (NOT_A_PHONE.test(tail) && !/phone|tel|mobile|cell/i.test(tail.slice(-20)));
  const hint = tail.trim() ? tail : nearbyLabel(el);
  const labelled = PHONE_WORDS.test(hint) || hasPhoneIcon(el);
  return { labelled, label: labelled ? labelFromText(hint) : "other", fax: /\bfax\b/i.test(hint), negative };
}

/** Label text of the nearest labelled ancestor (up to three levels): previous sibling text or aria-label. */
function nearbyLabel(el: Element): string {
  let node: Element | null = el;
  for (let depth = 0; node && depth < 3; depth++, node = node.parentElement) {
    const own = node.getAttribute("aria-label") || node.getAttribute("title") || node.getAttribute("data-label");
    if (own) return own;
    const prev = node.previousElementSibling;
    if (prev) {
      const text = (prev.textContent ?? "").trim();
      if (text) return text.slice(-40);
      const attr = prev.getAttribute("aria-label") || prev.getAttribute("title") || prev.getAttribute("class") || "";
      if (attr) return attr;
    }
    const prevText = node.previousSibling?.nodeType === 3 ? (node.previousSibling.textContent ?? "").trim() : "";
    if (prevText) return prevText.slice(-40);
  }
  return "";
}

function hasPhoneIcon(el: Element): boolean {
  const prev = el.previousElementSibling ?? el.parentElement?.previousElementSibling ?? null;
  const first = el.firstElementChild;
  return [prev, first].some((icon) => !!icon && (ICON_CLASS.test(icon.getAttribute("class") ?? "") || ICON_CLASS.test(icon.getAttribute("aria-label") ?? "")));
}
