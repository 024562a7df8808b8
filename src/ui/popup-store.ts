// The popup's UI state: where the rep is and how the list is filtered. Data lives in the worker's cache.
import { create } from "zustand";
import type { ConversationStatus } from "../protocol/entities";
import type { View } from "./inbox-index";

export type PopupRoute = { name: "list" } | { name: "conversation"; id: string } | { name: "new" };

interface PopupState {
  route: PopupRoute;
  view: View;
  status: ConversationStatus;
  inboxId: string;
  query: string;
  activeId: string | null;
  go(route: PopupRoute): void;
  set(patch: Partial<Pick<PopupState, "view" | "status" | "inboxId" | "query" | "activeId">>): void;
}

/** `#/conversation/<id>` (notifications open it) or `#/new`. */
export function routeFromHash(hash: string): PopupRoute {
  const m = /^#\/conversation\/([^/?#]+)/.exec(hash);
  if (m) return { name: "conversation", id: decodeURIComponent(m[1]) };
  if (hash.startsWith("#/new")) return { name: "new" };
  return { name: "list" };
}

export function hashForRoute(route: PopupRoute): string {
  return route.name === "conversation" ? `#/conversation/${encodeURIComponent(route.id)}` : route.name === "new" ? "#/new" : "#/";
}

export const createPopupStore = (initial: PopupRoute = { name: "list" }) =>
  create<PopupState>((set) => ({
    route: initial,
    view: "mine",
    status: "open",
    inboxId: "",
    query: "",
    activeId: null,
    go: (route) => set((s) => ({ route, activeId: route.name === "conversation" ? route.id : s.activeId })),
    set: (patch) => set(patch),
  }));

export type PopupStore = ReturnType<typeof createPopupStore>;
