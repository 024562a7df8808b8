// A location admin's sections (brand copies, pack rules) show one block per location they administer, after
// the organisation's locations have loaded.
import { useQuery } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { useAdmin } from "../admin-context";
import { QueryGate } from "../parts";
import { LOCATIONS } from "./org-queries";

export function AdministeredLocations({ children }: { children: (location: { id: string; name: string }) => ReactNode }) {
  const { api } = useAdmin();
  const org = useQuery({ queryKey: LOCATIONS, queryFn: api.locations });
  const mine = org.data?.locations.filter((l) => l.administered) ?? [];
  return (
    <QueryGate what="your locations" isPending={org.isPending} error={org.error} retry={() => org.refetch()}>
      {mine.map((l) => children(l))}
    </QueryGate>
  );
}
