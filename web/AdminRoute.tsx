// #/admin: the admin console (web/admin, its own chunk) for owners and admins. It calls the API itself, so
// it needs the session's token, which the hosted worker keeps in the cache's meta table (same origin).
import { lazy, useEffect, useState } from "react";
import type { User } from "~src/protocol/entities";
import { EmptyState, Loading } from "~src/ui/common/EmptyState";
import { readSessionToken } from "./session-token";

const AdminConsole = lazy(() => import("./admin/AdminConsole").then((m) => ({ default: m.AdminConsole })));

export function AdminRoute({ me }: { me: User }) {
  const [token, setToken] = useState<string | null | undefined>(undefined);
  useEffect(() => {
    void readSessionToken().then(setToken);
  }, []);
  // An agent may still be a location admin or regional manager: the console asks the server (GET /v1/locations) and says no otherwise.
  if (token === undefined) return <Loading label="Opening the admin console…" />;
  if (!token) return <EmptyState title="Sign in again to manage the workspace" hint="Your session was not found on this device." />;
  return <AdminConsole baseUrl={location.origin} token={token} me={me} />;
}
