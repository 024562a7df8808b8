// A private line between the content script and the panel iframe it mounted, so the page can be covered
// the moment the record changes and uncovered only once the panel has painted the new one, and so the panel
// gets the worker's one-time token (src/worker/panel-tokens.ts) without waiting for it in its address: the
// iframe starts loading at once, while the content script is still asking the worker for the token.
//
// As soon as the panel's script runs it says "ready" to its parent (nothing secret: the page sees it too);
// the content script then posts one end of a MessageChannel to the iframe, with a nonce it put in the
// iframe's URL (`?channel=`) and what it would say first over the port (the record, the token); and again at
// a load of the iframe that said nothing (a panel that failed to say it). The page never sees the port, the
// nonce or what comes with them: the iframe lives in a closed shadow root, its URL is cross-origin to the
// page, and a message posted to the iframe's window reaches only it. A "ready" counts only from the iframe's
// own window. A port offered without the nonce (by a page script) is ignored, and so is anything not sent
// with it or over it; a later port with the nonce replaces the earlier one.
//   content script → panel: {type: "token", token}   the worker's token for this frame (null: the worker
//                            could not be asked); once per load, right after the first "expect" when known
//   content script → panel: {type: "expect", url, record}   the record now open; hide anything else
//   panel → content script: {type: "painted", url}  a frame showing that record (or null: none) was painted
import type { CrmRecord } from "~src/protocol/record";

export const CHANNEL_PARAM = "channel";
const HELLO = "sidetext:panel-channel";
const READY = "sidetext:panel-ready";

/** `record`: what the content script read, so the panel can show it before the worker's snapshot comes. */
export type ToPanel = { type: "expect"; url: string; record?: CrmRecord } | { type: "token"; token: string | null };
export type FromPanel = { type: "painted"; url: string | null };

export interface PanelLine {
  /** Tells the panel which record is open; `onPainted` runs once it has painted that record. */
  expect(url: string, onPainted: () => void, record?: CrmRecord): void;
}

export interface PanelLineOptions {
  /** Also in the iframe's URL (CHANNEL_PARAM): the panel takes a port only when it comes with this. */
  nonce: string;
  /** The worker's token for this panel, handed over once known (null: none to be had). */
  token: Promise<string | null>;
  signal: AbortSignal;
  /**
   * The panel page's real origin: with `use_dynamic_url` the iframe's address has a per-session host, but
   * the page loaded in it has the extension's own origin, and a message to any other origin is dropped.
   */
  origin?: string;
}

/** The content script's end: connects at every load of the iframe, hands the token over and re-sends what it expects. */
export function connectToPanel(iframe: HTMLIFrameElement, { nonce, token, signal, origin }: PanelLineOptions): PanelLine {
  let port: MessagePort | null = null;
  let expected: { url: string; record?: CrmRecord; onPainted(): void } | null = null;
  let known: { token: string | null } | null = null;
  const handOver = () => {
    if (port && known) port.postMessage({ type: "token", token: known.token } satisfies ToPanel);
  };
  const learn = (value: string | null) => {
    known = { token: value };
    handOver();
  };
  token.then(learn, () => learn(null));
  const send = () => {
    if (port && expected) port.postMessage({ type: "expect", url: expected.url, record: expected.record } satisfies ToPanel);
  };
  const connect = () => {
    const target = iframe.contentWindow;
    if (!target || !iframe.src) return; // the about:blank load before the address is set
    port?.close();
    const channel = new MessageChannel();
    port = channel.port1;
    port.onmessage = (event: MessageEvent<FromPanel>) => {
      if (event.data?.type !== "painted" || !expected || event.data.url !== expected.url) return;
      const { onPainted } = expected;
      expected = null;
      onPainted();
    };
    const src = new URL(iframe.src); // `src.origin` is "null" for chrome-extension: outside Chromium
    // What is known now rides with the port itself: messages queued on a port just sent come a task or a
    // frame later in the panel (traced: ~10 ms on a full load). The record first: the panel then asks for
    // its topics the moment it has the token, before its views do.
    const first: ToPanel[] = [];
    if (expected) first.push({ type: "expect", url: expected.url, record: expected.record });
    if (known) first.push({ type: "token", token: known.token });
    target.postMessage({ type: HELLO, nonce, first }, origin ?? `${src.protocol}//${src.host}`, [channel.port2]);
  };
  // "Ready" comes before the iframe's load event (which waits for the panel's whole page): the channel opens sooner.
  let readySinceLoad = false;
  iframe.ownerDocument?.defaultView?.addEventListener(
    "message",
    (event) => {
      if (event.source !== iframe.contentWindow || event.data?.type !== READY) return;
      readySinceLoad = true;
      connect();
    },
    { signal },
  );
  iframe.addEventListener(
    "load",
    () => {
      if (!readySinceLoad) connect();
      readySinceLoad = false;
    },
    { signal },
  );
  signal.addEventListener("abort", () => port?.close(), { once: true });
  return {
    expect(url, onPainted, record) {
      expected = { url, record, onPainted };
      send();
    },
  };
}

export interface ContentScriptLine {
  /** Report that a frame showing `url` (null: no record) has been painted. */
  painted(url: string | null): void;
}

export interface ContentScriptHandlers {
  /** The record the content script says is open (its own reading of it, when that is for this address). */
  onExpect(url: string, record: CrmRecord | null): void;
  /** The worker's token for this panel, from our content script (null: it has none). */
  onToken(token: string | null): void;
}

/**
 * The panel's end: says it is ready, takes the port that comes with the nonce from this page's own URL (the
 * latest such) and passes on what the content script says over it. Without a nonce (opened outside a CRM
 * page, e.g. in a test tab) it never hears anything and `painted` does nothing.
 */
export function listenToContentScript(win: Window, { onExpect, onToken }: ContentScriptHandlers): ContentScriptLine {
  const nonce = new URL(win.location.href).searchParams.get(CHANNEL_PARAM);
  let port: MessagePort | null = null;
  const hear = (data: ToPanel | undefined) => {
    if (data?.type === "token" && (typeof data.token === "string" || data.token === null)) return onToken(data.token);
    if (data?.type !== "expect" || typeof data.url !== "string") return;
    onExpect(data.url, data.record && data.record.url === data.url && Array.isArray(data.record.phones) ? data.record : null);
  };
  if (nonce) {
    const hello = (event: MessageEvent) => {
      if (event.data?.type !== HELLO || event.data.nonce !== nonce || !event.ports[0]) return;
      port?.close();
      port = event.ports[0];
      port.onmessage = (message: MessageEvent<ToPanel>) => hear(message.data);
      // What the content script knew when it offered the port (it came with the nonce, as the port did).
      if (Array.isArray(event.data.first)) for (const data of event.data.first) hear(data);
    };
    win.addEventListener("message", hello);
    const parent = win.parent;
    if (parent && parent !== win) parent.postMessage({ type: READY }, "*");
  }
  return {
    painted(url) {
      port?.postMessage({ type: "painted", url } satisfies FromPanel);
    },
  };
}
