// The current hash route, and going somewhere: opening a thread adds a history entry (the phone's Back
// returns to the list); the app's own Back goes back in history when it came from the list.
import { useCallback, useEffect, useRef, useState } from "react";
import { hashFor, routeFromHash, type WebRoute } from "./routes";

export function useRoute() {
  const [route, setRoute] = useState<WebRoute>(() => routeFromHash(location.hash));
  const fromList = useRef(false);
  useEffect(() => {
    const onHash = () => setRoute(routeFromHash(location.hash));
    addEventListener("hashchange", onHash);
    return () => removeEventListener("hashchange", onHash);
  }, []);
  const go = useCallback((next: WebRoute) => {
    const hash = hashFor(next);
    if (location.hash === hash) return;
    const current = routeFromHash(location.hash);
    // Thread to thread (desktop list clicks) replaces, so Back leaves the app's list rather than replaying them.
    if (current.name === "thread" && next.name === "thread") history.replaceState(null, "", hash);
    else if (next.name === "list" && fromList.current) history.back();
    else location.hash = hash;
    fromList.current = current.name === "list" && next.name !== "list";
    setRoute(next);
  }, []);
  return { route, go };
}
