// TopBar's question "does this agent administer a location?" (web/admin/use-staff-admin.ts) as a chunk of its
// own: it reads the session from IndexedDB (Dexie) and checks the server's answer with the protocol's schemas
// (zod), ~45 KB gzipped the first screen does not need. TopBar loads it once that screen is up.
import { useEffect } from "react";
import type { User } from "~src/protocol/entities";
import { useAdministersALocation } from "./admin/use-staff-admin";

export default function LocationAdminCheck({ me, onAnswer }: { me: User; onAnswer(administers: boolean): void }) {
  const administers = useAdministersALocation(me);
  useEffect(() => onAnswer(administers), [administers, onAnswer]);
  return null;
}
