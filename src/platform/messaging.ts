// runtime messaging and ports, reduced to what the contract in src/protocol/messages needs.
import { browser, type Runtime } from "./browser";

export interface MessageSender {
  /** The sending tab (content scripts, panel iframes); null for the popup and options page. */
  tabId: number | null;
  url: string | null;
}

/** One end of a long-lived connection between a view and the worker. */
export interface PortLike {
  name: string;
  /** The tab of the other end (worker side only). */
  tabId: number | null;
  post(message: unknown): void;
  onMessage(listener: (message: unknown) => void): void;
  onDisconnect(listener: () => void): void;
  disconnect(): void;
}

function wrapPort(port: Runtime.Port): PortLike {
  return {
    name: port.name,
    tabId: port.sender?.tab?.id ?? null,
    post: (message) => port.postMessage(message),
    onMessage: (listener) => port.onMessage.addListener((m: unknown) => listener(m)),
    onDisconnect: (listener) => port.onDisconnect.addListener(() => listener()),
    disconnect: () => port.disconnect(),
  };
}

export const messaging = {
  /** Worker: answers runtime messages with `handler`'s result; undefined leaves the message to other listeners. */
  onMessage(handler: (message: unknown, sender: MessageSender) => Promise<unknown> | undefined): () => void {
    const listener = (message: unknown, sender: Runtime.MessageSender) =>
      handler(message, { tabId: sender.tab?.id ?? null, url: sender.url ?? null });
    browser.runtime.onMessage.addListener(listener);
    return () => browser.runtime.onMessage.removeListener(listener);
  },
  /** View: sends a message to the worker and resolves with its answer. */
  send(message: unknown): Promise<unknown> {
    return browser.runtime.sendMessage(message);
  },
  /** Worker: every port a view opens. */
  onConnect(listener: (port: PortLike) => void): () => void {
    const handler = (port: Runtime.Port) => listener(wrapPort(port));
    browser.runtime.onConnect.addListener(handler);
    return () => browser.runtime.onConnect.removeListener(handler);
  },
  /** View: opens a port to the worker (waking it up if it was stopped). */
  connect(name: string): PortLike {
    return wrapPort(browser.runtime.connect({ name }));
  },
};
