// For work the first screen does not wait for (a chunk, a request): true once `shown` (the first screen is on
// screen) and the browser was idle after it, or a second after it where there is no idle callback; then stays true.
// Not idle alone: with nothing saved the page sits idle while the hosted worker starts, before any rows.
import { useEffect, useState } from "react";

export function useAfterFirstScreen(shown: boolean): boolean {
  const [after, setAfter] = useState(false);
  useEffect(() => {
    if (!shown || after) return;
    if (typeof requestIdleCallback === "function") {
      const id = requestIdleCallback(() => setAfter(true), { timeout: 2000 });
      return () => cancelIdleCallback(id);
    }
    const t = setTimeout(() => setAfter(true), 1000);
    return () => clearTimeout(t);
  }, [shown, after]);
  return after;
}
