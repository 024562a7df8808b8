// The toolbar badge on the web: the installed app's icon badge (Badging API), where the platform has one.
import type { Badge } from "../action";

let shown = "";
type BadgingNavigator = { setAppBadge?(count: number): Promise<void>; clearAppBadge?(): Promise<void> };

export const badge: Badge = {
  async setCount(count) {
    shown = count <= 0 ? "" : count > 99 ? "99+" : String(count);
    const nav = navigator as BadgingNavigator;
    // Refused outside an installed app on some platforms: the badge is a nicety, never an error.
    await (count > 0 ? nav.setAppBadge?.(count) : nav.clearAppBadge?.())?.catch(() => {});
  },
};

export const readBadgeText = async () => shown;
