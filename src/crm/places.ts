// Which element each phone of a record was read from, so "Text" buttons can sit beside plain-text numbers
// (not only tel: links). Kept beside the record, not in it: a record travels to the worker as JSON.
import type { CrmPhone } from "~src/protocol/record";

const places = new WeakMap<CrmPhone, Element>();

/** The element a reader found `phone` in (the same object the reader returned), if it is known. */
export function placeOf(phone: CrmPhone): Element | undefined {
  return places.get(phone);
}

export function rememberPlace(phone: CrmPhone, element: Element): void {
  places.set(phone, element);
}
