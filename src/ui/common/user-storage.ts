// What views keep in localStorage for the signed-in user (drafts, the popup's saved first page) is theirs
// alone: another user signing in on this browser profile never sees it, and signing out clears it.
import { useEffect } from "react";
import { useDrafts } from "./drafts";
import { clearFirstPage } from "./first-page-cache";

/** Everything a user left in this profile's view storage (sign-out, from any extension page). */
export function clearUserStorage(): void {
  useDrafts.getState().setViewer(null);
  clearFirstPage();
}

/** `userId` from the session topic: undefined until it arrives, null when signed out. */
export function useUserStorage(userId: string | null | undefined): void {
  useEffect(() => {
    if (userId === undefined) return;
    if (userId === null) clearUserStorage();
    else useDrafts.getState().setViewer(userId);
  }, [userId]);
}
