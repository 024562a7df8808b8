// Crossing open shadow roots for the navigation watcher (Lightning's native-shadow components, web
// components in custom CRMs). Closed roots are unreachable by design, ours included. The walk that lists
// the roots is the readers' own (src/crm/dom/deep-query.ts).
export { openShadowRoots } from "./dom/deep-query";

/** `el.closest(selector)`, continuing through the hosts of the shadow roots it sits in. */
export function closestAcrossRoots(el: Element, selector: string): Element | null {
  for (let node: Element | null = el; node; ) {
    const hit = node.closest(selector);
    if (hit) return hit;
    node = (node.getRootNode() as Partial<ShadowRoot>).host ?? null; // a document has no host: the top
  }
  return null;
}
