// The panel page's first script: tabs/panel.html loads it, a few KB, before the panel's bundle, so the
// private channel (panel-channel.ts) opens and the worker is asked for the first record's thread while the
// bundle is still arriving and running (panel-head-start.ts). Raw chrome.runtime here: the polyfill and the
// views' client come with the bundle.
import type { PortLike } from "~src/platform/messaging";
import { PORT_NAME } from "~src/protocol/port";
import { openPanelInbox } from "./panel-channel";
import { leaveEarlyStart, startHeadStart } from "./panel-head-start";

function connect(): PortLike {
  const port = chrome.runtime.connect({ name: PORT_NAME });
  return {
    name: port.name,
    tabId: null,
    post: (message) => port.postMessage(message),
    onMessage: (listener) => port.onMessage.addListener((message: unknown) => listener(message)),
    onDisconnect: (listener) => port.onDisconnect.addListener(() => listener()),
    disconnect: () => port.disconnect(),
  };
}

performance.mark("sidetext:panel-early"); // bench/panel-switch.ts
const { tap, head } = startHeadStart(connect);
leaveEarlyStart(window, { inbox: openPanelInbox(window, tap), head });
