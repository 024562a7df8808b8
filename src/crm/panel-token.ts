// The panel iframe's address: tabs/panel.html with a one-time token the worker gives this content script
// for this tab (src/worker/panel-tokens.ts). A frame any other page makes of tabs/panel.html has no valid
// token, and the worker shows it nothing. Type-only imports: no zod in the content script bundle.
import { browser } from "~src/platform/browser";
import { messaging } from "~src/platform/messaging";
import type { CommandResult } from "~src/protocol/messages";

export const PANEL_PAGE = "tabs/panel.html";

/** The panel URL with this tab's token; without one when the worker can't be reached (the panel then says so). */
export async function panelUrl(): Promise<string> {
  const url = new URL(browser.runtime.getURL(PANEL_PAGE));
  try {
    const res = (await messaging.send({ type: "panel.token" })) as CommandResult<"panel.token"> | undefined;
    if (res?.ok) url.searchParams.set("token", res.data.token);
  } catch {
    // extension context invalidated: the script is about to be torn down
  }
  return url.href;
}
