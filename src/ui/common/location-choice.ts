// Which location a rep of several locations is working in (issue 18): remembered per user in this profile,
// and applied to what the popup, panel and web app show. A view filter only: what the rep may see is the
// server's business (locations/scope.ts).
import { useCallback, useEffect, useState } from "react";
import type { Inbox } from "../../protocol/entities";

export interface LocationOption {
  id: string;
  name: string;
  inboxIds: string[];
}

/** The locations of these inboxes, by name; one per location. */
export function locationsOf(inboxes: readonly Inbox[]): LocationOption[] {
  const byId = new Map<string, LocationOption>();
  for (const inbox of inboxes) {
    const id = inbox.locationId ?? "";
    const location = byId.get(id) ?? { id, name: inbox.locationName ?? "Main location", inboxIds: [] };
    location.inboxIds.push(inbox.id);
    byId.set(id, location);
  }
  return [...byId.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** Only what belongs to the chosen location's inboxes ("" or an unknown location: everything). */
export function inLocation<T extends { inboxes: Inbox[]; conversations: Array<{ inboxId: string }> }>(data: T, locationId: string): T {
  const location = locationsOf(data.inboxes).find((l) => l.id === locationId);
  if (!location) return data;
  const ids = new Set(location.inboxIds);
  return { ...data, inboxes: data.inboxes.filter((i) => ids.has(i.id)), conversations: data.conversations.filter((c) => ids.has(c.inboxId)) };
}

/**
 * The inbox filter that goes with a location: its one inbox, so the worker's list (a page of the newest)
 * is that location's; "" for a location of several inboxes (filtered here, in the loaded page) or all.
 */
export function inboxFilterFor(inboxes: readonly Inbox[], locationId: string): string {
  const location = locationsOf(inboxes).find((l) => l.id === locationId);
  return location?.inboxIds.length === 1 ? location.inboxIds[0] : "";
}

const key = (userId: string) => `sidetext.location.${userId}`;

/** localStorage, or none where the browser denies it (the CRM panel is a third-party frame: reading it throws). */
function localStorageIfAllowed(): Storage | undefined {
  try {
    return globalThis.localStorage;
  } catch {
    return undefined;
  }
}

/** The chosen location ("" for all) and a way to change it; remembered where the browser lets us. */
export function useLocationChoice(userId: string | null | undefined, storage: Storage | undefined = localStorageIfAllowed()): [string, (id: string) => void] {
  const [locationId, setLocationId] = useState("");
  useEffect(() => {
    setLocationId(userId ? (storage?.getItem(key(userId)) ?? "") : "");
  }, [userId, storage]);
  const choose = useCallback(
    (id: string) => {
      setLocationId(id);
      if (userId) storage?.setItem(key(userId), id);
    },
    [userId, storage],
  );
  return [locationId, choose];
}
