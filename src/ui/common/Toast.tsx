// A short-lived confirmation or error ("Resolved", "Contact opted out"), announced to screen readers.
import { useCallback, useEffect, useMemo, useRef, useState } from "react";

export function useToast(ms = 2500) {
  const [message, setMessage] = useState<string | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  const show = useCallback(
    (text: string) => {
      setMessage(text);
      clearTimeout(timer.current);
      timer.current = setTimeout(() => setMessage(null), ms);
    },
    [ms],
  );
  return useMemo(() => ({ message, show }), [message, show]);
}

export function Toast({ message }: { message: string | null }) {
  return (
    <div className="st-toast-region" role="status" aria-live="polite">
      {message && <div className="st-toast">{message}</div>}
    </div>
  );
}
