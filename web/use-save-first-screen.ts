// Keeps web/first-screen.ts's copy of the list current: a second after the list last rendered (live rows from
// the worker, never the page saved last time), while the list is what the address shows.
import { useEffect } from "react";
import { saveFirstScreen } from "./first-screen";

const SETTLE_MS = 1000;

/** `userId` null = nothing to save now (no live rows yet, or another screen is open). */
export function useSaveFirstScreen(userId: string | null, filterKey: string): void {
  // No dependency list: every render of the list starts the wait again, so the copy is of a settled screen.
  useEffect(() => {
    if (!userId) return;
    const t = setTimeout(() => {
      const root = document.getElementById("root");
      if (root) saveFirstScreen(root, userId, filterKey);
    }, SETTLE_MS);
    return () => clearTimeout(t);
  });
}
