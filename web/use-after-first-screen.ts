// For work the first screen does not wait for (a chunk, a request): true once the browser is idle after the
// first render, i.e. after the first screen is painted (or after a second where there is no idle callback).
import { useEffect, useState } from "react";

export function useAfterFirstScreen(): boolean {
  const [after, setAfter] = useState(false);
  useEffect(() => {
    if (typeof requestIdleCallback === "function") {
      const id = requestIdleCallback(() => setAfter(true), { timeout: 2000 });
      return () => cancelIdleCallback(id);
    }
    const t = setTimeout(() => setAfter(true), 1000);
    return () => clearTimeout(t);
  }, []);
  return after;
}
