// The popup's UI state: where the rep is and how the list is filtered. Data lives in the worker's cache.
import { create } from "zustand";
import type { ConversationStatus } from "../../protocol/entities";
import type { View } from "./inbox-index";

export type PopupRoute = { name: "list" } | { name: "conversation"; id: string } | { name: "new"; to?: string };

interface PopupState {
  route: PopupRoute;
  view: View;
  status: ConversationStatus;
  inboxId: string;
  /** "" for any tag; else only conversations whose contact has this tag. */
  tag: string;
  query: string;
  activeId: string | null;
  go(route: PopupRoute): void;
  set(patch: Partial<Pick<PopupState, "view" | "status" | "inboxId" | "tag" | "query" | "activeId">>): void;
}

/** `#/conversation/<id>` (notifications open it) or `#/new` (`#/new?to=<number>` from the context menu). */
export function routeFromHash(hash: string): PopupRoute {
  const m = /^#\/conversation\/([^/?#]+)/.exec(hash);
  if (m) return { name: "conversation", id: decodeURIComponent(m[1]) };
  if (hash.startsWith("#/new")) {
    const to = new URLSearchParams(hash.slice("#/new".length).replace(/^\?/, "")).get("to");
    return to ? { name: "new", to } : { name: "new" };
  }
  return { name: "list" };
}

export function hashForRoute(route: PopupRoute): string {
  return route.name === "conversation"
    ? `#/conversation/${encodeURIComponent(route.id)}`
    : route.name === "new"
      ? route.to
        ? `#/new?to=${encodeURIComponent(route.to)}`
        : "#/new"
      : "#/";
}

/** The popup reopens on the view, status, inbox and tag the rep left it on (the tag chip shows it is on). */
const FILTERS_KEY = "sidetext.popup.filters";
type Filters = Pick<PopupState, "view" | "status" | "inboxId" | "tag">;
const DEFAULT_FILTERS: Filters = { view: "mine", status: "open", inboxId: "", tag: "" };

/** Names a list filter for the saved first page and first screen (a filter without a tag keeps its older name). */
export function listFilterKey(f: Filters): string {
  return `${f.view}|${f.status}|${f.inboxId}${f.tag ? `|${f.tag}` : ""}`;
}

function savedFilters(storage: Storage | undefined): Filters {
  try {
    const saved = JSON.parse(storage?.getItem(FILTERS_KEY) ?? "null") as Partial<Filters> | null;
    return { ...DEFAULT_FILTERS, ...saved };
  } catch {
    return DEFAULT_FILTERS;
  }
}

export function createPopupStore(initial: PopupRoute = { name: "list" }, storage: Storage | undefined = globalThis.localStorage) {
  const store = create<PopupState>((set) => ({
    route: initial,
    ...savedFilters(storage),
    query: "",
    activeId: null,
    go: (route) => set((s) => ({ route, activeId: route.name === "conversation" ? route.id : s.activeId })),
    set: (patch) => set(patch),
  }));
  store.subscribe((s, prev) => {
    if (s.view === prev.view && s.status === prev.status && s.inboxId === prev.inboxId && s.tag === prev.tag) return;
    try {
      storage?.setItem(FILTERS_KEY, JSON.stringify({ view: s.view, status: s.status, inboxId: s.inboxId, tag: s.tag }));
    } catch {
      // Storage full or disabled: the popup simply opens on the defaults next time.
    }
  });
  return store;
}

export type PopupStore = ReturnType<typeof createPopupStore>;
