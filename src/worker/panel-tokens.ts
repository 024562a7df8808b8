// One-time panel tokens (invariant 9: only the panel frame our content script mounted may show data).
// tabs/panel.html is web-accessible, so any site can frame it; a frame only gets data when it presents a
// token the worker gave our content script in the same tab: the content script hands it to its panel over
// their private channel (src/crm/panel-channel.ts) and the panel presents it as its port's first frame (a
// token in the panel's URL counts too). The first panel document to present a token keeps it (its
// reconnects after a worker restart present it again, and its commands are admitted as that document's);
// any other document is refused, and a token nobody presented expires. Kept in storage.session: the worker
// may be stopped between the content script's request and the panel's first connect, and content scripts
// cannot read storage.session.
import type { KeyValueStore } from "../platform/storage";
import type { MessageSender } from "../platform/messaging";

const KEY = "panelGrants";
/** An unpresented token: the panel iframe loads within seconds of the content script asking. */
export const PANEL_TOKEN_TTL_MS = 60_000;
/** Unpresented tokens kept per tab (a content script asks once per mounted panel; more is noise). */
const MAX_PENDING_PER_TAB = 4;
/** Tokens kept per tab in all: each page load mounts a new panel; the oldest panels are long gone. */
const MAX_PER_TAB = 16;
const PANEL_TOKEN_PARAM = "token";

interface Grant {
  tabId: number;
  /** The content script's frame that asked (the panel is its child frame). */
  frameId: number | null;
  issuedAt: number;
  /** The panel document that presented it first; null until then. */
  panel: string | null;
}
type Grants = Record<string, Grant>;

export type PanelTokens = ReturnType<typeof createPanelTokens>;

/** The panel document's identity: Chrome's documentId, else (older Chrome) the frame in its tab. */
const panelKey = (sender: MessageSender) => sender.documentId ?? `frame:${sender.tabId}:${sender.frameId}`;

/** The token in a panel page's URL (`tabs/panel.html?token=…`), if any. */
function tokenInUrl(url: string | null): string | null {
  if (!url) return null;
  try {
    return new URL(url).searchParams.get(PANEL_TOKEN_PARAM);
  } catch {
    return null;
  }
}

function newToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  return btoa(String.fromCharCode(...bytes))
    .replaceAll("+", "-")
    .replaceAll("/", "_")
    .replace(/=+$/, "");
}

export function createPanelTokens(deps: { store: KeyValueStore; now?: () => number }) {
  const now = deps.now ?? Date.now;
  // Read-modify-write of one key: serialised, so two documents presenting one token cannot both win.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(task: () => Promise<T>): Promise<T> => {
    const next = queue.then(task, task);
    queue = next.catch(() => {});
    return next;
  };
  // The grants as last read or written by this worker: the panel's first connect on a page load waits for
  // its check, and a storage.session read costs a round trip to the browser (tens of ms on a busy machine).
  // Read from storage once per worker life (it may have been stopped and started since the token was issued).
  let known: Grants | null = null;
  const load = async (): Promise<Grants> => {
    if (known === null) known = (await deps.store.get<Grants>(KEY)) ?? {};
    return { ...known };
  };
  const save = async (grants: Grants) => {
    await deps.store.set(KEY, grants);
    known = grants;
  };
  const expired = (g: Grant) => g.panel === null && now() - g.issuedAt > PANEL_TOKEN_TTL_MS;

  return {
    /** A token for the content script in `tabId` to put in the panel iframe's URL. */
    issue: (tabId: number, frameId: number | null) =>
      serial(async () => {
        const grants = await load();
        for (const [token, g] of Object.entries(grants)) if (expired(g)) delete grants[token];
        const pending = Object.entries(grants)
          .filter(([, g]) => g.tabId === tabId && g.panel === null)
          .sort((a, b) => a[1].issuedAt - b[1].issuedAt);
        for (const [token] of pending.slice(0, Math.max(0, pending.length - MAX_PENDING_PER_TAB + 1))) delete grants[token];
        const ofTab = Object.entries(grants)
          .filter(([, g]) => g.tabId === tabId)
          .sort((a, b) => a[1].issuedAt - b[1].issuedAt);
        for (const [token] of ofTab.slice(0, Math.max(0, ofTab.length - MAX_PER_TAB + 1))) delete grants[token];
        const token = newToken();
        grants[token] = { tabId, frameId, issuedAt: now(), panel: null };
        await save(grants);
        return token;
      }),
    /**
     * Whether this panel document holds a token issued for its own tab (presenting it the first time):
     * `presented`, else the one in its URL, else one this very document (Chrome's documentId) presented before.
     */
    admits: (sender: MessageSender, presented?: string) =>
      serial(async () => {
        if (sender.tabId === null) return false;
        const grants = await load();
        const key = panelKey(sender);
        const token = presented ?? tokenInUrl(sender.url);
        if (!token) return sender.documentId !== null && Object.values(grants).some((g) => g.panel === key && g.tabId === sender.tabId);
        const grant = grants[token];
        if (!grant || grant.tabId !== sender.tabId || expired(grant)) return false;
        if (grant.panel !== null) return grant.panel === key;
        grants[token] = { ...grant, panel: key };
        await save(grants);
        return true;
      }),
    /** The tab closed: its tokens go with it. */
    forgetTab: (tabId: number) =>
      serial(async () => {
        const grants = await load();
        const kept = Object.fromEntries(Object.entries(grants).filter(([, g]) => g.tabId !== tabId));
        if (Object.keys(kept).length !== Object.keys(grants).length) await save(kept);
      }),
  };
}
