// The AI status (on or off, actions, the rep's language) asked of the worker once per view client and
// shared by every AI control; a change of the rep's language settings reaches them all at once. Runs in the
// on-demand chunk (ai-slot.tsx), so hooks come through react-bridge.ts and the client as an argument.
import type { AiStatus } from "../../../protocol/ai";
import type { ViewClient } from "../../common/client-context";
import { react } from "./react-bridge";

const statuses = new WeakMap<ViewClient, AiStatus | null>();
const asked = new WeakSet<ViewClient>();
const listeners = new Set<() => void>();

export function setAiStatus(client: ViewClient, status: AiStatus | null): void {
  statuses.set(client, status);
  for (const l of listeners) l();
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => void listeners.delete(listener);
}

/** The status once known; null while asking, when signed out, or when AI is off. */
export function useAiStatus(client: ViewClient): AiStatus | null {
  const status = react.useSyncExternalStore(subscribe, () => statuses.get(client) ?? null);
  react.useEffect(() => {
    if (asked.has(client)) return;
    asked.add(client);
    void client.send({ type: "ai.status" }).then((r) => {
      if (r.ok) setAiStatus(client, r.data);
      else asked.delete(client); // signed out or offline: ask again when a control mounts next
    });
  }, [client]);
  return status?.enabled ? status : null;
}
