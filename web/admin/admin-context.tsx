// The console's API client and signed-in user, handed to every section without threading props.
import { createContext, useContext } from "react";
import type { User } from "../../src/protocol/entities";
import type { AdminApi } from "./admin-api";

export interface AdminEnv {
  api: AdminApi;
  me: User;
}

export const AdminContext = createContext<AdminEnv | null>(null);

export function useAdmin(): AdminEnv {
  const env = useContext(AdminContext);
  if (!env) throw new Error("useAdmin outside <AdminConsole>");
  return env;
}
