// Is an element something the rep can see? CRMs keep hidden copies of fields (print layouts, collapsed
// sections, cached tabs of the previous record), and those must never be read. Both functions see through
// open shadow roots: an element inside one is hidden when its host is, and a host's text is its shadow tree's.
import { composedParent } from "./dom/deep-query";

const SKIP_TAGS = new Set(["SCRIPT", "STYLE", "NOSCRIPT", "TEMPLATE", "TEXTAREA", "SELECT", "OPTION", "HEAD"]);

/** Our own UI (the panel host, "Text" buttons) is never part of the CRM record. */
export const OWN_UI_SELECTOR = "[data-sidetext-root],[data-sidetext-text-button]";

type CheckVisibility = (options?: { visibilityProperty?: boolean }) => boolean;

/**
 * True when `el` is rendered and not hidden from people (hidden attribute, aria-hidden, display:none,
 * visibility:hidden, or inside our own UI). `cache` shares ancestor answers across one scan.
 */
export function isShown(el: Element, cache?: Map<Element, boolean>): boolean {
  const check = (el as Element & { checkVisibility?: CheckVisibility }).checkVisibility;
  // Real browsers answer from layout in one call; jsdom has no layout, so we walk ancestors.
  if (typeof check === "function" && !check.call(el, { visibilityProperty: true })) return false;
  let node: Element | null = el;
  const seen: Element[] = [];
  let shown = true;
  while (node) {
    const known = cache?.get(node);
    if (known !== undefined) {
      shown = known;
      break;
    }
    seen.push(node);
    if (!selfShown(node, typeof check === "function")) {
      shown = false;
      break;
    }
    node = composedParent(node);
  }
  if (cache) for (const s of seen) cache.set(s, shown);
  return shown;
}

function selfShown(el: Element, layoutChecked: boolean): boolean {
  if (SKIP_TAGS.has(el.tagName)) return false;
  if (el.hasAttribute("hidden") || el.getAttribute("aria-hidden") === "true") return false;
  if (el.matches(OWN_UI_SELECTOR)) return false;
  if (layoutChecked) return true;
  const view = el.ownerDocument.defaultView;
  if (!view) return true;
  const style = view.getComputedStyle(el);
  return style.display !== "none" && style.visibility !== "hidden" && style.visibility !== "collapse";
}

const BLOCKS = new Set(["DIV", "P", "LI", "BR", "TD", "DD"]);

/**
 * The text the rep reads in an element: textContent (never innerHTML) without icon glyphs marked aria-hidden,
 * with block children kept apart ("1 Market St San Francisco") and whitespace collapsed.
 */
export function textOf(el: Element | null | undefined): string {
  if (!el) return "";
  // HubSpot shows properties in read-only inputs: their value is the text the rep sees.
  const value = el.tagName === "INPUT" ? (el as HTMLInputElement).value : el.firstElementChild || el.shadowRoot ? readableText(el) : el.textContent;
  return (value ?? "").replace(/\s+/g, " ").trim();
}

function readableText(el: Element): string {
  let out = "";
  for (const node of renderedChildren(el)) {
    if (node.nodeType === 3) out += node.textContent;
    else if (node.nodeType === 1) {
      const child = node as Element;
      if (SKIP_TAGS.has(child.tagName) || child.getAttribute("aria-hidden") === "true" || child.hasAttribute("hidden")) continue;
      out += BLOCKS.has(child.tagName) ? ` ${readableText(child)} ` : readableText(child);
    }
  }
  return out;
}

/** What is drawn inside `el`: a host's shadow tree, a slot's assigned nodes (or its fallback content). */
function renderedChildren(el: Element): Iterable<Node> {
  if (el.shadowRoot) return el.shadowRoot.childNodes;
  if (el.tagName === "SLOT") {
    const assigned = (el as HTMLSlotElement).assignedNodes({ flatten: true });
    if (assigned.length > 0) return assigned;
  }
  return el.childNodes;
}
