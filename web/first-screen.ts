// The web app's first screen before React: the list as the app last rendered it (its DOM, saved here after the
// worker's rows painted), put back by web/boot.ts in the page's first frame, while the app's bundle still loads.
// React's first render replaces it (createRoot clears the container); it is never interactive.
// Only for the same user and filters as the saved first page (src/ui/common/first-page-cache): signing out or
// another user clears that page, and with it this copy stops being shown.

const KEY = "sidetext.web.firstScreen";
const FIRST_PAGE_KEY = "sidetext.popup.firstPage";
/** Elements a React-rendered list never holds; dropped anyway, as is every on* attribute and javascript: link. */
const UNSAFE = "script,iframe,object,embed,link,style,meta,base,form,template";
const ROW = "[data-testid=conversation-row]";

interface Saved {
  userId: string;
  filterKey: string;
  html: string;
}

interface FirstPage {
  userId: string;
  filterKey: string;
}

function read<T>(storage: Storage, key: string): T | null {
  try {
    return JSON.parse(storage.getItem(key) ?? "null") as T | null;
  } catch {
    return null;
  }
}

/**
 * The rows of `root` outside their list's box (the windowed list's overscan, ConversationList): not on the first
 * frame, so not kept. They were half the saved screen's nodes, and its style and layout are most of that frame's work.
 */
function rowsOutOfView(root: HTMLElement): boolean[] {
  return [...root.querySelectorAll(ROW)].map((row) => {
    const box = row.closest("[role=listbox]")?.getBoundingClientRect();
    if (!box?.height) return false; // not laid out (jsdom): keep every row
    const { top, bottom } = row.getBoundingClientRect();
    return bottom <= box.top || top >= box.bottom;
  });
}

/** Saves what `root` shows now (the list, rendered from the worker's rows) for the next cold load. */
export function saveFirstScreen(root: HTMLElement, userId: string, filterKey: string, storage: Storage = localStorage): void {
  const hidden = rowsOutOfView(root);
  const copy = root.cloneNode(true) as HTMLElement;
  for (const [i, row] of [...copy.querySelectorAll(ROW)].entries()) if (hidden[i]) row.remove();
  // Passing things: a toast, a connection banner, the focus ring's target.
  for (const el of copy.querySelectorAll("[role=status],[role=alert],.st-toast")) el.remove();
  try {
    storage.setItem(KEY, JSON.stringify({ userId, filterKey, html: copy.innerHTML } satisfies Saved));
  } catch {
    // Full or disabled storage: the next load paints when the app has loaded.
  }
}

/** The saved screen as inert, cleaned nodes, or null when there is none for this user and these filters. */
function savedFirstScreen(doc: Document = document, storage: Storage = localStorage): DocumentFragment | null {
  const saved = read<Saved>(storage, KEY);
  const page = read<FirstPage>(storage, FIRST_PAGE_KEY);
  if (!saved || !page || saved.userId !== page.userId || saved.filterKey !== page.filterKey) return null;
  // A <template>'s content is inert: nothing in it runs or loads while it is cleaned.
  const template = doc.createElement("template");
  template.innerHTML = saved.html;
  const content = template.content;
  for (const el of content.querySelectorAll(UNSAFE)) el.remove();
  for (const el of content.querySelectorAll("*")) {
    for (const attr of [...el.attributes]) {
      const unsafeLink = /^(href|src|xlink:href|action|formaction)$/i.test(attr.name) && /^\s*javascript:/i.test(attr.value);
      if (/^on/i.test(attr.name) || unsafeLink) el.removeAttribute(attr.name);
    }
  }
  return content;
}

/** Puts the saved screen into `root`, marked so the bench (and anyone) can tell it from the app's own render. */
export function paintSavedFirstScreen(root: HTMLElement): boolean {
  if (root.firstChild) return false;
  const content = savedFirstScreen(root.ownerDocument);
  if (!content) return false;
  for (const el of content.children) {
    (el as HTMLElement).dataset.firstScreen = "saved";
    el.setAttribute("aria-busy", "true");
  }
  root.append(content);
  return true;
}
