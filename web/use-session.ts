// The session's server and token for the page's own calls (web/session-token.ts), read once per mount:
// undefined while reading, null when this device has none.
import { useEffect, useState } from "react";
import { readSession } from "./session-token";

type Session = { serverUrl: string; token: string };

export function useSession(): Session | null | undefined {
  const [session, setSession] = useState<Session | null | undefined>(undefined);
  useEffect(() => {
    let live = true;
    void readSession().then((s) => live && setSession(s));
    return () => {
      live = false;
    };
  }, []);
  return session;
}
