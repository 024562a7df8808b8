// Each message's place in the connected CRMs ("Logged to HubSpot ✓"), asked of the server through the worker.
// Logging happens in a server job a moment after the message is stored, and no feed event says it finished,
// so the thread asks again whenever its messages change and then every POLL_MS while an answer is still open:
// a log entry pending, or a recent message the CRM log has not picked up yet.
import { useCallback, useEffect, useMemo, useState } from "react";
import type { CrmLogStatus } from "../../protocol/crm";
import type { Message } from "../../protocol/entities";
import type { ViewClient } from "../common/client-context";

const POLL_MS = 1500;
/** A message this young with no log entry yet is still on its way to the CRM's queue. */
const FRESH_MS = 60_000;

export type CrmLogByMessage = ReadonlyMap<string, CrmLogStatus[]>;

function stillOpen(log: CrmLogStatus[], logsMessages: boolean, messages: readonly Message[], now: number): boolean {
  if (log.some((l) => l.status === "pending")) return true;
  if (!logsMessages) return false;
  const logged = new Set(log.map((l) => l.entityId));
  return messages.some((m) => !logged.has(m.id) && now - Date.parse(m.createdAt) < FRESH_MS);
}

export function useCrmLog(client: ViewClient, conversationId: string, messages: readonly Message[]) {
  const [answer, setAnswer] = useState<{ conversationId: string; log: CrmLogStatus[]; logsMessages: boolean } | null>(null);
  const [asked, setAsked] = useState(0);
  // A new message or a delivery status change is a reason to ask again (a final status updates the CRM record).
  const fingerprint = messages.map((m) => `${m.id}:${m.status}`).join(",");

  // biome-ignore lint/correctness/useExhaustiveDependencies: fingerprint and asked are the reasons to ask again.
  useEffect(() => {
    let live = true;
    void client.send({ type: "crm.logStatus", conversationId }).then((r) => {
      // Signed out, offline or no CRM: nothing to show; the next change asks again.
      if (live && r.ok && r.data) setAnswer({ conversationId, log: r.data.crmLog, logsMessages: r.data.logsMessages ?? false });
    });
    return () => {
      live = false;
    };
  }, [client, conversationId, fingerprint, asked]);

  const current = answer?.conversationId === conversationId ? answer : null;
  const open = !!current && stillOpen(current.log, current.logsMessages, messages, Date.now());
  // biome-ignore lint/correctness/useExhaustiveDependencies: current: each answer that leaves it open sets the next poll.
  useEffect(() => {
    if (!open) return;
    const timer = setTimeout(() => setAsked((n) => n + 1), POLL_MS);
    return () => clearTimeout(timer);
  }, [open, current]);

  const byMessage = useMemo<CrmLogByMessage>(() => {
    const map = new Map<string, CrmLogStatus[]>();
    for (const l of current?.log ?? []) map.set(l.entityId, [...(map.get(l.entityId) ?? []), l]);
    return map;
  }, [current]);

  const retry = useCallback(
    (messageId: string) =>
      void client.send({ type: "crm.retryLog", messageId }).then(() => {
        setAsked((n) => n + 1);
      }),
    [client],
  );
  return useMemo(() => ({ byMessage, retry }), [byMessage, retry]);
}
