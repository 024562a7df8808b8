// The framed panel's way to the worker (tabs/panel.tsx). The panel page starts loading before its content
// script has the worker's one-time token; the token comes over their private channel (panel-channel.ts),
// and the panel's ports present it as their first frame (src/worker/panel-tokens.ts). A panel page loaded
// outside a frame (a tab, e.g. a copied address) has no channel and presents nothing: the worker then shows
// it nothing unless it is one of our trusted pages.
import type { ClientTransport } from "~src/ui/common/client";
import type { ViewFrame } from "~src/protocol/messages";
import { CHANNEL_PARAM } from "./panel-channel";

export type PanelAccess =
  /** Not framed: the worker decides from the page itself. */
  | { kind: "unframed" }
  /** Framed by our content script: the token is on its way. */
  | { kind: "waiting" }
  | { kind: "token"; token: string }
  /** Framed without our channel, or our content script had no token to give: nothing to show. */
  | { kind: "refused" };

/** Where a panel page stands before any token arrives. */
export function initialAccess(win: Window): PanelAccess {
  if (win.top === win) return { kind: "unframed" };
  return new URL(win.location.href).searchParams.get(CHANNEL_PARAM) ? { kind: "waiting" } : { kind: "refused" };
}

/** What a token handed over changes: only the first one counts, and only while waiting for it. */
export const withToken = (access: PanelAccess, token: string | null): PanelAccess =>
  access.kind !== "waiting" ? access : token ? { kind: "token", token } : { kind: "refused" };

/** `transport` with every port presenting `token` first (so does each reconnect after a worker restart). */
export function presenting(token: string, transport: ClientTransport): ClientTransport {
  return {
    send: (message) => transport.send(message),
    connect(name) {
      const port = transport.connect(name);
      port.post({ type: "present", token } satisfies ViewFrame);
      return port;
    },
  };
}
