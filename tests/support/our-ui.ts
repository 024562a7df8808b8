// Reaching our own UI on a CRM page from a browser test. The panel host and the Text buttons use CLOSED
// shadow roots, so page scripts — and Playwright's CSS selectors, which run as one — can't see inside.
// Tests get there the way DevTools does: the panel's frame by its URL, and elements inside the closed roots
// through the DevTools protocol's DOM tree (pierce: true), clicked with real (trusted) mouse input.
//   const panel = await panelOf(tab);                         // a Frame: panel.getByTestId("thread")…
//   await clickInOurUi(tab, "data-sidetext-root", "[data-testid=panel-toggle]");
import type { Frame, Page } from "playwright-core";
import { waitFor } from "./wait";

/** The panel iframe our content script mounted in `tab`'s page (not a frame some other page made). */
export async function panelOf(tab: Page, timeoutMs = 15_000): Promise<Frame> {
  return waitFor(
    "the Sidetext panel frame",
    () => tab.frames().find((f) => f.parentFrame() === tab.mainFrame() && f.url().includes("/tabs/panel.html")),
    timeoutMs,
  );
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

interface DomNode {
  nodeId: number;
  localName?: string;
  attributes?: string[];
  children?: DomNode[];
  shadowRoots?: DomNode[];
}

const attrs = (node: DomNode) => {
  const out = new Map<string, string>();
  for (let i = 0; i + 1 < (node.attributes?.length ?? 0); i += 2) out.set(node.attributes![i], node.attributes![i + 1]);
  return out;
};

/** A tiny matcher for what tests need: `tag`, `[name]`, `[name=value]`, or `tag[name=value]`. */
function matches(node: DomNode, selector: string): boolean {
  const m = /^([a-z0-9-]*)(?:\[([\w-]+)(?:=['"]?([^'"\]]*)['"]?)?\])?$/i.exec(selector.trim());
  if (!m) throw new Error(`unsupported selector ${selector}`);
  const [, tag, name, value] = m;
  if (tag && node.localName !== tag.toLowerCase()) return false;
  if (!name) return true;
  const a = attrs(node);
  return a.has(name) && (value === undefined || a.get(name) === value);
}

function* walk(node: DomNode): Generator<DomNode> {
  yield node;
  for (const child of [...(node.shadowRoots ?? []), ...(node.children ?? [])]) yield* walk(child);
}

/** Boxes (CSS px, viewport) of the elements matching `inner` inside our hosts carrying `hostAttr`. */
export async function boxesInOurUi(tab: Page, hostAttr: string, inner: string): Promise<Box[]> {
  const cdp = await tab.context().newCDPSession(tab);
  try {
    const { root } = (await cdp.send("DOM.getDocument", { depth: -1, pierce: true })) as { root: DomNode };
    const boxes: Box[] = [];
    for (const host of walk(root)) {
      if (!attrs(host).has(hostAttr)) continue;
      for (const shadow of host.shadowRoots ?? []) {
        for (const node of walk(shadow)) {
          if (!matches(node, inner)) continue;
          const model = await cdp.send("DOM.getBoxModel", { nodeId: node.nodeId }).catch(() => null);
          if (!model) continue; // not rendered
          const [x1, y1, x2, , , y3] = model.model.border;
          boxes.push({ x: x1, y: y1, width: x2 - x1, height: y3 - y1 });
        }
      }
    }
    return boxes;
  } finally {
    await cdp.detach();
  }
}

/** A real mouse click (trusted, like the rep's) in the middle of the `index`th match. */
export async function clickInOurUi(tab: Page, hostAttr: string, inner: string, index = 0): Promise<Box> {
  const box = (await boxesInOurUi(tab, hostAttr, inner))[index];
  if (!box) throw new Error(`nothing matches ${inner} in our UI (${hostAttr})`);
  await tab.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  return box;
}
