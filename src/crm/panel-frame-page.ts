// What the panel frame's own page holds on a full load (panel-frame.ts). The frame's address carries a one-time
// nonce (`?channel=`): the private channel takes a port only with it (panel-channel.ts), and the worker puts the
// record's cached thread in that frame's page only for it (src/worker/panel-page.ts), saying which record that
// is (`shows`). The cover may lift at once only when the content script's own reading of the record is exactly
// that one (same URL, its one number), and only for the document's first record: never another record's thread.
import { CHANNEL_PARAM } from "./panel-channel";
import type { CrmRecord } from "~src/protocol/record";
import type { PanelShows } from "./panel-token";

/** The panel page's address for the frame with `nonce`. */
export function frameAddress(src: string, nonce: string): string {
  const url = new URL(src);
  url.searchParams.set(CHANNEL_PARAM, nonce);
  return url.href;
}

/** The page the worker rendered shows exactly this reading of the record: its one number, at its URL. */
const sameRecord = (shows: PanelShows, url: string, record?: CrmRecord) =>
  !!shows && shows.url === url && record?.url === url && record.phones.length === 1 && record.phones[0].e164 === shows.e164;

/** `shows`: the worker's answer for this frame (absent: it put no thread in the page). */
export function framePage(shows?: Promise<PanelShows>) {
  /** Bumped at every change of the cover and every show: an answer asked for before is stale. */
  let turn = 0;
  /** Until the page's record first changes: the frame's page was rendered for the record open at load. */
  let firstRecord = true;
  return {
    /** The cover went up or down. */
    changed() {
      turn++;
    },
    /** The page's record changed: the frame's page no longer shows the record it was rendered for. */
    recordChanged() {
      firstRecord = false;
      turn++;
    },
    /** `url`'s record (the content script's reading) is shown: `lift` once the frame's page is known to hold it. */
    shown(url: string, record: CrmRecord | undefined, lift: () => void) {
      const mine = ++turn;
      if (firstRecord)
        shows?.then(
          (page) => mine === turn && sameRecord(page, url, record) && lift(),
          () => undefined,
        );
    },
  };
}
