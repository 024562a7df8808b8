// The toolbar button: its badge.
import { browser } from "./browser";

export interface Badge {
  /** Shows `count` on the toolbar button; 0 hides the badge. */
  setCount(count: number): Promise<void>;
}

export const badge: Badge = {
  async setCount(count) {
    const text = count <= 0 ? "" : count > 99 ? "99+" : String(count);
    await browser.action.setBadgeText({ text });
    if (text) await browser.action.setBadgeBackgroundColor({ color: "#d93025" });
  },
};

/** What the badge shows now ("" when hidden); for tests and diagnostics. */
export const readBadgeText = () => browser.action.getBadgeText({});
