// The framed panel's own page (tabs/panel.html), answered by the worker with the cached thread already in it,
// so the thread paints as the HTML is parsed: before the panel's bundle, its channel and its round trips to
// the worker (issue 11, full load; bench/panel-worker-fetch.ts measured the way). Only for the frame our
// content script created: its token request carried the nonce it put in the frame's URL (?channel=), and
// the page rendered then is kept here for that nonce, taken once, for the token's TTL. Any other request
// for the page (another nonce, none, a used one) gets the file unchanged.
// Static routes keep the worker out of the way: while it is not running, the browser serves the file itself
// (waking it would delay the load), every request but a navigation goes to the files, and a navigation races
// the file against the worker (a busy worker answering late costs nothing; the file has no thread in it
// and the panel paints the way it does without this).
import { PANEL_TOKEN_TTL_MS } from "./panel-tokens";

const PAGE = "/tabs/panel.html";
const CHANNEL_PARAM = "channel";
const STYLESHEET = /<link\b[^>]*\brel=["']?stylesheet["']?[^>]*>/gi;
/** Pages kept at once (one per panel being mounted; more is noise). */
const MAX_PAGES = 16;

export type PanelPages = ReturnType<typeof createPanelPages>;

export function createPanelPages(now: () => number = Date.now) {
  const pages = new Map<string, { html: Promise<string | null>; at: number }>();
  return {
    /**
     * The first paint for the frame with `nonce`, kept while it is still being rendered: the frame's
     * navigation may reach the worker before the render is done (the content script asks, then mounts).
     */
    keep(nonce: string, html: Promise<string | null>) {
      pages.delete(nonce);
      pages.set(nonce, { html, at: now() });
      for (const old of pages.keys()) if (pages.size > MAX_PAGES) pages.delete(old);
    },
    /** The first paint kept for `nonce` (null once rendered: nothing to show), once; null if none, used or expired. */
    take(nonce: string): Promise<string | null> | null {
      const page = pages.get(nonce);
      pages.delete(nonce);
      return page && now() - page.at <= PANEL_TOKEN_TTL_MS ? page.html : null;
    },
  };
}

/**
 * The panel file with `thread` as the body's first child (where panel-first-paint.ts would put it), and its
 * bundle's script parked until that thread's frame is on screen (src/crm/panel-start.ts starts it).
 */
function withThread(file: string, thread: string, start: string): string {
  const body = /<body[^>]*>/i.exec(file);
  if (!body) return file;
  const at = body.index + body[0].length;
  const rest = file.slice(at).replace(/<script\b[^>]*>\s*<\/script>/gi, (script) => `<template id="sidetext-panel-app">${script}</template>`);
  return `${file.slice(0, at)}${thread}${rest}<script src="${start}" defer></script>`;
}

/**
 * The panel file with its stylesheets inlined: a `<link rel="stylesheet">` holds the first paint until its own
 * request is answered, and the thread in this page paints as soon as it is parsed. Only sheets in the file's own
 * directory, so their relative `url()`s still resolve; one that cannot be read, or would close the `<style>`,
 * stays a link.
 */
async function withStylesInline(file: string, fileUrl: string): Promise<string> {
  const links = [...file.matchAll(STYLESHEET)];
  const sheets = await Promise.all(
    links.map(async ([link]) => {
      const href = /\bhref=["']?([^"' >]+)/i.exec(link)?.[1];
      const sheet = href ? new URL(href, fileUrl) : null;
      if (!sheet || new URL(".", sheet).href !== new URL(".", fileUrl).href) return link;
      const css = await fetch(sheet).then(
        (r) => (r.ok ? r.text() : null),
        () => null,
      );
      return css === null || /<\/style/i.test(css) ? link : `<style>${css}</style>`;
    }),
  );
  let i = 0;
  return file.replace(STYLESHEET, () => sheets[i++]);
}

/** The nonce of a navigation to the panel page, else null (nothing to answer: the browser fetches the file). */
function panelNavigation(request: Pick<Request, "mode" | "url">): string | null {
  if (request.mode !== "navigate") return null;
  const url = new URL(request.url);
  return url.pathname === PAGE ? url.searchParams.get(CHANNEL_PARAM) : null;
}

// The few service-worker types used here (tsconfig has the DOM lib, not WebWorker's).
interface InstallEvent extends Event {
  waitUntil(done: Promise<unknown>): void;
  /** ServiceWorker static routing (Chrome 123+). */
  addRoutes?(rules: unknown[]): Promise<void>;
}
interface FetchEvent extends Event {
  request: Request;
  respondWith(response: Promise<Response>): void;
}

/** `startUrl`: the bundle of src/crm/panel-start.ts (as Parcel names it). */
export function registerPanelPage(scope: EventTarget, pages: PanelPages, fileUrl: string, startUrl: string) {
  // Parcel puts a `url:` import's bundle at the extension's root; the URL it gives is relative to the importer.
  const start = `/${startUrl.split("/").pop()}`;
  scope.addEventListener("install", (e) => {
    const event = e as InstallEvent;
    if (!event.addRoutes) return; // older Chrome: every request comes here (the file, unless a page is kept)
    event.waitUntil(
      event
        .addRoutes([
          { condition: { runningStatus: "not-running" }, source: "network" },
          { condition: { not: { requestMode: "navigate" } }, source: "network" },
          { condition: { requestMode: "navigate" }, source: "race-network-and-fetch-handler" },
        ])
        .catch(() => undefined),
    );
  });
  let file: Promise<string> | null = null;
  scope.addEventListener("fetch", (e) => {
    const event = e as FetchEvent;
    const nonce = panelNavigation(event.request);
    const thread = nonce ? pages.take(nonce) : null;
    if (!thread) return;
    file ??= fetch(fileUrl)
      .then((r) => (r.ok ? r.text() : Promise.reject(new Error(`${r.status}`))))
      .then((html) => withStylesInline(html, fileUrl));
    const page = Promise.all([file, thread.catch(() => null)]).then(
      ([html, first]) => new Response(first ? withThread(html, first, start) : html, { headers: { "content-type": "text/html; charset=utf-8" } }),
      () => {
        file = null;
        return fetch(fileUrl); // the page as it is, without the thread
      },
    );
    event.respondWith(page);
  });
}
