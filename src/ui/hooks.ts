// React hooks over src/ui/client.ts.
import { useCallback, useEffect, useMemo, useState } from "react";
import type { CommandOf, CommandResult, CommandType, Topic, TopicSnapshot } from "../protocol/messages";
import { getClient, type SubscriptionState } from "./client";
import type { ViewClient } from "./client-context";

/** Live snapshot of a topic; re-subscribes when the topic's value (not its identity) changes. */
export function useSubscription<T extends Topic>(topic: T): SubscriptionState<TopicSnapshot<T>> {
  const key = JSON.stringify(topic);
  const stableTopic = useMemo(() => JSON.parse(key) as T, [key]);
  const [state, setState] = useState<SubscriptionState<TopicSnapshot<T>>>({ status: "loading", data: null, error: null });
  useEffect(() => {
    setState({ status: "loading", data: null, error: null });
    return getClient().subscribe(stableTopic, setState);
  }, [stableTopic]);
  return state;
}

/** A command with its pending state and last result, for buttons and forms. */
export function useCommand<T extends CommandType>() {
  const [pending, setPending] = useState(false);
  const [result, setResult] = useState<CommandResult<T> | null>(null);
  const run = useCallback(async (command: CommandOf<T>) => {
    setPending(true);
    try {
      const res = await getClient().send(command);
      setResult(res as CommandResult<T>);
      return res as CommandResult<T>;
    } finally {
      setPending(false);
    }
  }, []);
  return { run, pending, result, error: result && !result.ok ? result.error : null };
}

/** The ViewClient (src/ui/client-context.tsx) over the real worker: hand it to <ClientProvider client={…}>. */
export const runtimeViewClient: ViewClient = {
  useSubscription<T extends Topic>(topic: T): TopicSnapshot<T> | undefined {
    return useSubscription(topic).data ?? undefined;
  },
  send: (command) => getClient().send(command),
};
