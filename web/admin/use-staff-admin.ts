// Whether an agent administers some location (a regional manager or location admin, issue 18), so the top
// bar offers them the admin console too. The user entity carries no staff roles: GET /v1/locations says
// which locations they administer. Plain fetch, not admin-api: this runs in the app's first chunk.
import { useEffect, useState } from "react";
import type { User } from "../../src/protocol/entities";
import { LocationsResponse } from "../../src/protocol/locations";
import { readSession } from "../session-token";

export function useAdministersALocation(me: User): boolean {
  const [administers, setAdministers] = useState(false);
  const { id, role } = me;
  useEffect(() => {
    setAdministers(false); // another user signed in: ask again for them
    if (role !== "agent" || !id) return;
    let live = true;
    void (async () => {
      const session = await readSession();
      if (!session) return;
      const res = await fetch(`${session.serverUrl.replace(/\/+$/, "")}/v1/locations`, { headers: { authorization: `Bearer ${session.token}` } });
      const body = LocationsResponse.safeParse(res.ok ? await res.json() : null);
      if (live && body.success) setAdministers(body.data.locations.some((l) => l.administered));
    })().catch(() => {}); // no button is the safe answer when the server cannot say; #/admin still asks again
    return () => {
      live = false;
    };
  }, [id, role]);
  return administers;
}
