// The popup's own copy of the list page it showed last, so the next open paints in the first frame,
// before the worker answers (waking the worker and a Dexie count over thousands of rows takes far longer
// than a 150 ms first paint allows). The live snapshot replaces it as soon as it arrives.
import type { InboxSnapshot } from "../../protocol/messages";

const KEY = "sidetext.popup.firstPage";
/** Enough rows for the first screen and a short scroll; keeps the entry small (tens of KB). */
const ROWS = 30;

interface Entry {
  filterKey: string;
  userId: string;
  page: InboxSnapshot;
}

export function readFirstPage(filterKey: string, storage: Storage | undefined = globalThis.localStorage): InboxSnapshot | null {
  try {
    const entry = JSON.parse(storage?.getItem(KEY) ?? "null") as Entry | null;
    return entry && entry.filterKey === filterKey && entry.page.me?.id === entry.userId ? entry.page : null;
  } catch {
    return null;
  }
}

export function writeFirstPage(filterKey: string, page: InboxSnapshot, storage: Storage | undefined = globalThis.localStorage): void {
  if (!page.me) return;
  const conversations = page.conversations.slice(0, ROWS);
  const contacts = Object.fromEntries(conversations.map((c) => [c.contactId, page.contacts[c.contactId]]).filter(([, c]) => c));
  const entry: Entry = { filterKey, userId: page.me.id, page: { ...page, conversations, contacts, presence: {} } };
  try {
    storage?.setItem(KEY, JSON.stringify(entry));
  } catch {
    // Full or disabled storage: the next open waits for the worker instead.
  }
}

/** Forget the copy (another user signed in: never show them the previous user's inbox). */
export function clearFirstPage(storage: Storage | undefined = globalThis.localStorage): void {
  try {
    storage?.removeItem(KEY);
  } catch {
    /* nothing to forget */
  }
}
