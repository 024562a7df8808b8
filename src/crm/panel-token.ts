// The panel's one-time token, which the worker gives this content script for this tab
// (src/worker/panel-tokens.ts) and the content script hands to the panel iframe it mounted over their
// private channel (panel-channel.ts). A frame any other page makes of tabs/panel.html gets no token, and the
// worker shows it nothing. Type-only imports: no zod in the content script bundle.
import { messaging } from "~src/platform/messaging";
import type { CommandResult } from "~src/protocol/messages";

export const PANEL_PAGE = "tabs/panel.html";

/** This tab's token; null when the worker can't be reached (the panel then says so). */
export async function panelToken(): Promise<string | null> {
  try {
    const res = (await messaging.send({ type: "panel.token" })) as CommandResult<"panel.token"> | undefined;
    return res?.ok ? res.data.token : null;
  } catch {
    return null; // extension context invalidated: the script is about to be torn down
  }
}
