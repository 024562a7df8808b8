// The panel's one-time token, which the worker gives this content script for this tab
// (src/worker/panel-tokens.ts) and the content script hands to the panel iframe it mounted over their
// private channel (panel-channel.ts). A frame any other page makes of tabs/panel.html gets no token, and the
// worker shows it nothing. Type-only imports: no zod in the content script bundle.
import { messaging } from "~src/platform/messaging";
import type { CommandData, CommandResult } from "~src/protocol/messages";

export const PANEL_PAGE = "tabs/panel.html";

/** The record whose cached thread the worker put in the panel frame's page (src/worker/panel-page.ts). */
export type PanelShows = CommandData["panel.token"]["shows"];

/**
 * This tab's token, and what the frame whose URL carries `nonce` will show as its page loads; null when the
 * worker can't be reached (the panel then says so).
 */
export async function panelToken(nonce: string): Promise<{ token: string; shows: PanelShows } | null> {
  try {
    const res = (await messaging.send({ type: "panel.token", nonce })) as CommandResult<"panel.token"> | undefined;
    return res?.ok ? res.data : null;
  } catch {
    return null; // extension context invalidated: the script is about to be torn down
  }
}
