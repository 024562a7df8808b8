// Tells the service worker which record is open in this tab (it keeps one per tab; the panel reads it
// from there). Type-only imports: the contract's zod schemas stay out of the content script bundle.
import { messaging } from "~src/platform/messaging";
import type { CommandOf } from "~src/protocol/messages";
import type { CrmRecord } from "~src/protocol/record";

export type RecordMessage = CommandOf<"record.opened"> | CommandOf<"record.closed">;

/**
 * Sends the message; resolves false when the worker can't be reached. "Extension context invalidated"
 * (the extension was updated or disabled under this page) calls `onGone` so the script tears itself down.
 */
export async function notifyWorker(message: RecordMessage, onGone?: () => void): Promise<boolean> {
  try {
    await messaging.send(message);
    return true;
  } catch (error) {
    if (/context invalidated/i.test(String(error))) onGone?.();
    return false;
  }
}

/** The record with the number the rep picked first: the panel opens on a record's first phone. */
export function withPhoneFirst(record: CrmRecord, e164: string): CrmRecord {
  const picked = record.phones.filter((p) => p.e164 === e164);
  return { ...record, phones: [...picked, ...record.phones.filter((p) => p.e164 !== e164)] };
}
