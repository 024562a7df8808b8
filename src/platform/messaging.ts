// runtime messaging and ports, reduced to what the contract in src/protocol/messages needs.
import { browser, type Runtime } from "./browser";

/** Who sent a message or opened a port, as the browser (not the sender) reports it. */
export interface MessageSender {
  /** The sending tab (content scripts, panel iframes, extension pages opened in a tab); null for the popup. */
  tabId: number | null;
  /** The sending frame in its tab (0 = the top frame); null outside tabs. */
  frameId: number | null;
  /** Chrome's id of the sending document: one page load (a reload or navigation is a new document). */
  documentId: string | null;
  /** The sending page's URL: the web page for a content script, chrome-extension://… for our pages. */
  url: string | null;
  /** One of our own pages (popup, options, panel, side panel) rather than a content script in a web page. */
  extensionPage: boolean;
}

/** One end of a long-lived connection between a view and the worker. */
export interface PortLike {
  name: string;
  /** The tab of the other end (worker side only). */
  tabId: number | null;
  /** Who opened the port (worker side only; views see null). */
  sender?: MessageSender | null;
  post(message: unknown): void;
  onMessage(listener: (message: unknown) => void): void;
  onDisconnect(listener: () => void): void;
  disconnect(): void;
}

type ChromeSender = Runtime.MessageSender & { documentId?: string };

function toMessageSender(sender: ChromeSender): MessageSender {
  // Only our extension's contexts reach runtime.onMessage/onConnect (other extensions arrive on the
  // *External events), and content scripts never run in chrome-extension:// documents: so the scheme of
  // the sending document tells our pages from our content scripts. (With use_dynamic_url the panel's
  // host is a per-session id, not runtime.id, hence the scheme and not the origin.)
  const url = sender.url ?? null;
  const ours = sender.id === undefined || sender.id === browser.runtime.id;
  return {
    tabId: sender.tab?.id ?? null,
    frameId: sender.tab ? (sender.frameId ?? null) : null,
    documentId: sender.documentId ?? null,
    url,
    extensionPage: ours && !!url && url.startsWith("chrome-extension://"),
  };
}

function wrapPort(port: Runtime.Port, worker: boolean): PortLike {
  return {
    name: port.name,
    tabId: port.sender?.tab?.id ?? null,
    sender: worker && port.sender ? toMessageSender(port.sender) : null,
    post: (message) => port.postMessage(message),
    onMessage: (listener) => port.onMessage.addListener((m: unknown) => listener(m)),
    onDisconnect: (listener) => port.onDisconnect.addListener(() => listener()),
    disconnect: () => port.disconnect(),
  };
}

export const messaging = {
  /** Worker: answers runtime messages with `handler`'s result; undefined leaves the message to other listeners. */
  onMessage(handler: (message: unknown, sender: MessageSender) => Promise<unknown> | undefined): () => void {
    const listener = (message: unknown, sender: Runtime.MessageSender) => handler(message, toMessageSender(sender));
    browser.runtime.onMessage.addListener(listener);
    return () => browser.runtime.onMessage.removeListener(listener);
  },
  /** View: sends a message to the worker and resolves with its answer. */
  send(message: unknown): Promise<unknown> {
    return browser.runtime.sendMessage(message);
  },
  /** Worker: every port a view opens. */
  onConnect(listener: (port: PortLike) => void): () => void {
    const handler = (port: Runtime.Port) => listener(wrapPort(port, true));
    browser.runtime.onConnect.addListener(handler);
    return () => browser.runtime.onConnect.removeListener(handler);
  },
  /** View: opens a port to the worker (waking it up if it was stopped). */
  connect(name: string): PortLike {
    return wrapPort(browser.runtime.connect({ name }), false);
  },
};
