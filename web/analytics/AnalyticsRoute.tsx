// #/analytics: the franchisor roll-up of the locations the user can see; #/analytics/<locationId>: one
// location's 90 days. Its own chunk; it calls the API with the session's token, like the admin console.
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useEffect, useMemo, useState } from "react";
import { EmptyState, Loading } from "~src/ui/common/EmptyState";
import { readSessionToken } from "../session-token";
import { createAnalyticsApi } from "./analytics-api";
import { LocationPage } from "./LocationPage";
import { RollupPage } from "./RollupPage";
import "./analytics.css";

export function AnalyticsRoute({ locationId }: { locationId: string | null }) {
  const [token, setToken] = useState<string | null | undefined>(undefined);
  useEffect(() => {
    void readSessionToken().then(setToken);
  }, []);
  const queries = useMemo(() => new QueryClient({ defaultOptions: { queries: { retry: 1, staleTime: 60_000 } } }), []);
  const api = useMemo(() => (token ? createAnalyticsApi(token) : null), [token]);
  if (token === undefined) return <Loading label="Opening analytics…" />;
  if (!api) return <EmptyState title="Sign in again to see analytics" hint="Your session was not found on this device." />;
  return (
    <QueryClientProvider client={queries}>
      <div className="an-page">{locationId ? <LocationPage api={api} locationId={locationId} /> : <RollupPage api={api} />}</div>
    </QueryClientProvider>
  );
}
