// The record's name is its record header: the most prominent heading in the record's region, and of those the
// one nearest its phones. Never the app's brand in an app bar (outside the region, or in its chrome) and never
// document.title, which many apps keep constant ("Acme CRM") on every record.
import { composedParent, deepQueryAll } from "../dom/deep-query";
import { isShown, textOf } from "../visible";
import { outsideRecord } from "./region";

const HEADINGS = "h1,h2,h3,h4,h5,h6,[role=heading]";
/** Section titles, not names. */
const SECTION =
  /^(details|about( this \w+)?|overview|summary|contact (info|information|details)|information|activity|activities|timeline|related|properties|phones?( numbers)?|numbers|emails?|addresse?s?|notes|history|highlights|fields)$/i;
const DIGIT_RUN = /\d(?:[\s().\-\u00a0/]{0,3}\d){6}/;

export function recordName(region: Element, near: Element[]): string | null {
  const shown = new Map<Element, boolean>();
  const outside = new Map<Element, boolean>();
  let best: { level: number; distance: number; text: string } | null = null;
  for (const heading of deepQueryAll(region, HEADINGS)) {
    const text = textOf(heading);
    if (!text || text.length > 120 || SECTION.test(text) || DIGIT_RUN.test(text)) continue;
    if (!isShown(heading, shown) || outsideRecord(heading, outside)) continue;
    const level = Number(heading.getAttribute("aria-level") ?? heading.tagName.slice(1)) || 2;
    const distance = near.length ? Math.min(...near.map((el) => treeDistance(heading, el))) : 0;
    if (!best || level < best.level || (level === best.level && distance < best.distance)) best = { level, distance, text };
  }
  return best?.text ?? null;
}

/** Steps from `a` up to the nearest common ancestor with `b` and down again, across shadow boundaries. */
function treeDistance(a: Element, b: Element): number {
  const depthOf = new Map<Element, number>();
  let depth = 0;
  for (let node: Element | null = b; node; node = composedParent(node)) depthOf.set(node, depth++);
  depth = 0;
  for (let node: Element | null = a; node; node = composedParent(node), depth++) {
    const down = depthOf.get(node);
    if (down !== undefined) return depth + down;
  }
  return Number.MAX_SAFE_INTEGER;
}
