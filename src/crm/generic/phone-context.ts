// What sits next to a number says whether it is a phone: "Mobile:", a ☎ icon, an aria-label "Call",
// or "Order #" / "$" / "ID" / "Fax" saying it is not. Only consulted for text runs shaped like numbers.
import { labelFromText, type PhoneLabel } from "../phone-label";

const PHONE_WORDS = /\b(phone|telephone|tel|mobile|mobil|cell|cellular|handy|whatsapp|sms|text|call|direct|office|main)\b|[☎☏✆📞📱]/i;
const ICON_CLASS = /(^|[-_\s])(phone|call|tel|mobile)([-_\s]|$)|icon-phone|fa-phone/i;
const NOT_A_PHONE = /(order|invoice|inv|id|ref|reference|no|number|sku|ticket|case|tracking|po|acct|account|iban|ssn|zip|postal|#)\s*[:.#]?\s*$/i;
const PHONE_JUST_BEFORE = /phone|tel|mobile|cell/i;
const CURRENCY = /[$€£¥₹]\s*$/;
const FAX = /\bfax\b/i;

/**
 * True when the text right before a number says it isn't a textable phone: an order or ID number, a price,
 * a fax. A plain string test, so it runs before anything touches the DOM or parses.
 */
export function ruledOutBy(before: string): boolean {
  const tail = before.slice(-40);
  if (CURRENCY.test(tail) || FAX.test(tail.slice(-20))) return true;
  return NOT_A_PHONE.test(tail) && !PHONE_JUST_BEFORE.test(tail.slice(-20));
}

/** Whether a label or icon marks the number in `el` as a phone, and which kind. */
export function readLabel(el: Element, before: string): { labelled: boolean; label: PhoneLabel; fax: boolean } {
  const tail = before.slice(-40);
  const hint = tail.trim() ? tail : nearbyLabel(el);
  const labelled = PHONE_WORDS.test(hint) || hasPhoneIcon(el);
  return { labelled, label: labelled ? labelFromText(hint) : "other", fax: FAX.test(hint) };
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
