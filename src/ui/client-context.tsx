// The views reach the worker through a ViewClient handed in by the entry (popup/, tabs/), so containers
// run the same against the real runtime.Port client, a test fake, or the benchmark's in-memory cache.
import { createContext, useContext, type ReactNode } from "react";
import type { CommandOf, CommandResult, CommandType, Topic, TopicSnapshot } from "../protocol/messages";

export interface ViewClient {
  /** The latest snapshot of a topic, or undefined until the worker's first push. */
  useSubscription<T extends Topic>(topic: T): TopicSnapshot<T> | undefined;
  send<T extends CommandType>(command: CommandOf<T>): Promise<CommandResult<T>>;
}

const ClientContext = createContext<ViewClient | null>(null);

export function ClientProvider({ client, children }: { client: ViewClient; children: ReactNode }) {
  return <ClientContext.Provider value={client}>{children}</ClientContext.Provider>;
}

export function useClient(): ViewClient {
  const client = useContext(ClientContext);
  if (!client) throw new Error("useClient needs a <ClientProvider>");
  return client;
}
