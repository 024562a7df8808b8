// The part of a page that shows the record: its main content, never the app's chrome. Nav bars, app bars
// (a page-level <header>, role=banner), search boxes, menus, activity feeds and timelines, and rows of a list
// that link to other records all carry numbers that are not the record's (support lines, other contacts).
import { composedParent, deepQueryAll } from "../dom/deep-query";
import { isShown } from "../visible";

const CHROME = [
  "nav",
  "[role=navigation]",
  "[role=banner]",
  "[role=search]",
  "[role=menu]",
  "[role=menubar]",
  "[role=feed]",
  "[role=log]",
  "[role=tooltip]",
  "[role=grid]",
  "[role=treegrid]",
  "form[role=search]",
  // Activity feeds and timelines, by the names CRMs give them in test hooks and classes.
  "[data-test-id*=timeline]",
  "[data-testid*=timeline]",
  "[data-test*=timeline]",
  "[data-test-id*=activit]",
  "[data-testid*=activit]",
  "[data-test*=activit]",
  "[class*=timeline]",
  "[class*=Timeline]",
  "[class*=activity-feed]",
  "[class*=ActivityFeed]",
  "[class*=LeadPage-activity]",
  "records-activity-timeline",
  "runtime_sales_activities-activity-timeline",
  "one-appnav",
  "one-utility-bar",
].join(",");
const SECTIONING = new Set(["MAIN", "ARTICLE", "SECTION", "ASIDE", "NAV"]);
const MAIN = "main, [role=main]";
const OTHER_RECORD_LINK = "a[href]:not([href^='tel:']):not([href^='sms:']):not([href^='mailto:']):not([href='#']):not([href^='javascript:'])";

/**
 * Where to read: the first shown element of `preferred` (a site's record container, comma-separated hooks
 * tried in turn), else <main>, else the body — or null when `orBody` is false (a CRM's record not on screen).
 */
export function recordRegion(document: Document, preferred?: string, orBody = true): Element | null {
  const cache = new Map<Element, boolean>();
  // A CRM's own container when it has one; its <main> may be a side pane (Pipedrive's is the activity flow).
  const hooks = preferred ? preferred.split(",") : [MAIN];
  for (const hook of hooks) {
    const shown = deepQueryAll(document, hook.trim()).find((el) => isShown(el, cache) && !outsideRecord(el));
    if (shown) return shown;
  }
  return orBody ? (document.body ?? document.documentElement) : null;
}

/** True when `el` sits in the page's chrome or a list of other records. `cache` shares answers within one scan. */
export function outsideRecord(el: Element, cache?: Map<Element, boolean>): boolean {
  const seen: Element[] = [];
  let answer = false;
  for (let node: Element | null = el; node; node = composedParent(node)) {
    const known = cache?.get(node);
    if (known !== undefined) {
      answer = known;
      break;
    }
    seen.push(node);
    if (isChrome(node)) {
      answer = true;
      break;
    }
  }
  if (cache) for (const s of seen) cache.set(s, answer);
  return answer;
}

function isChrome(el: Element): boolean {
  if (el.matches(CHROME)) return true;
  // <header> is the app bar only at page level; inside main/article/section it is the record's own header.
  if (el.tagName === "HEADER") return !hasSectioningAncestor(el);
  const role = el.getAttribute("role");
  if (el.tagName === "TR" || role === "row") return el.querySelector(OTHER_RECORD_LINK) !== null;
  return false;
}

function hasSectioningAncestor(el: Element): boolean {
  for (let node = composedParent(el); node; node = composedParent(node)) {
    if (SECTIONING.has(node.tagName) || node.getAttribute("role") === "main") return true;
  }
  return false;
}
