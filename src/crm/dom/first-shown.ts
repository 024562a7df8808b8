// Site readers try several hooks for each thing they read (a test attribute, an ARIA role or label, a tag),
// because CRM markup changes across releases and org settings: the first hook that finds a shown element wins.
import { isShown } from "../visible";
import { deepQueryAll } from "./deep-query";

export function firstShown(root: ParentNode, hooks: readonly string[], cache?: Map<Element, boolean>): Element | undefined {
  for (const hook of hooks) {
    const found = deepQueryAll(root, hook).find((el) => isShown(el, cache));
    if (found) return found;
  }
  return undefined;
}

/** Every shown element any hook finds, each once, in hook order. */
export function allShown(root: ParentNode, hooks: readonly string[], cache?: Map<Element, boolean>): Element[] {
  const out = new Set<Element>();
  for (const hook of hooks) for (const el of deepQueryAll(root, hook)) if (!out.has(el) && isShown(el, cache)) out.add(el);
  return [...out];
}
