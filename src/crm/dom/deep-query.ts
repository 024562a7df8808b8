// Queries that see into OPEN shadow roots. Salesforce orgs on native shadow DOM (LWC) and other web-component
// CRMs render fields inside shadow trees, where `querySelectorAll` and `closest` stop. Every reader queries
// through these helpers. Finding the roots costs one walk over the elements; `inOneRead` shares it within a read.

let shared: Map<Node, ShadowRoot[]> | null = null;

/** Runs `read` with one shadow-root listing per node shared by every query inside it (the page won't change). */
export function inOneRead<T>(read: () => T): T {
  if (shared) return read();
  shared = new Map();
  try {
    return read();
  } finally {
    shared = null;
  }
}

/**
 * Every open shadow root under `node` (its own included), nested ones too, in document order of their hosts.
 * The content script observes mutations inside each of them: a MutationObserver on the document sees none.
 */
export function openShadowRoots(node: ParentNode): ShadowRoot[] {
  const known = shared?.get(node);
  if (known) return known;
  // The body holds every shadow host the document does: reuse the document's listing within a read.
  const doc = (node as Node).ownerDocument;
  const whole = doc && (node === doc.body || node === doc.documentElement) ? shared?.get(doc) : undefined;
  if (whole) return whole;
  const out: ShadowRoot[] = [];
  const own = (node as Element).shadowRoot;
  if (own) collect(own, out, true);
  collect(node, out, false);
  shared?.set(node, out);
  return out;
}

function collect(scope: ParentNode, out: ShadowRoot[], isRoot: boolean): void {
  if (isRoot) out.push(scope as ShadowRoot);
  // querySelectorAll, not getElementsByTagName: indexing jsdom's live collection walks the tree each time.
  const all = scope.querySelectorAll("*");
  for (let i = 0; i < all.length; i++) {
    const root = all[i].shadowRoot;
    if (root) collect(root, out, true);
  }
}

/**
 * `querySelectorAll` over `root` and every open shadow root under it. `a >> b` crosses shadow boundaries:
 * every `b` under (or in the shadow trees of) an `a`.
 */
export function deepQueryAll(root: ParentNode, selector: string): Element[] {
  const [first, ...rest] = selector.split(">>").map((s) => s.trim());
  let found = queryEach(root, first);
  for (const step of rest) found = unique(found.flatMap((el) => queryEach(el, step)));
  return found;
}

export function deepQuery(root: ParentNode, selector: string): Element | null {
  if (!selector.includes(">>")) {
    const light = root.querySelector(selector);
    if (light) return light;
  }
  return deepQueryAll(root, selector)[0] ?? null;
}

function queryEach(root: ParentNode, selector: string): Element[] {
  const out = [...root.querySelectorAll(selector)];
  for (const shadow of openShadowRoots(root)) out.push(...shadow.querySelectorAll(selector));
  return out;
}

function unique(list: Element[]): Element[] {
  return list.length < 2 ? list : [...new Set(list)];
}

/** The element's parent in the composed tree: its parent element, or the host of the shadow root it sits in. */
export function composedParent(el: Element): Element | null {
  if (el.parentElement) return el.parentElement;
  const parent = el.parentNode as (Node & { host?: Element }) | null;
  return parent && parent.nodeType === 11 && parent.host ? parent.host : null;
}

/** `closest` that climbs out of shadow roots: the native `closest` in each tree, then on from its host. */
export function deepClosest(el: Element, selector: string): Element | null {
  for (let node: Element | null = el; node; ) {
    const hit = node.closest(selector);
    if (hit) return hit;
    node = (node.getRootNode() as Partial<ShadowRoot>).host ?? null; // a document has no host: the top
  }
  return null;
}
