// "waiting 14 min · SLA in 6 min" (hook sla-chip) on a conversation a customer waits on: how long since the
// earliest unanswered text, and the time left to the inbox's SLA target (or how long ago it passed). The
// waits come from the server (the worker's "sla.waits"), one request shared by every chip, refreshed each
// minute and when a conversation's last message changes; the minutes tick on screen between refreshes.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import type { Conversation } from "../../protocol/entities";
import { useClient } from "./client-context";

const KEY = ["sla.waits"];
const REFRESH_MS = 60_000;
const TICK_MS = 15_000;
const ASK_AGAIN_MS = 2_000;
/** Turns amber this close to the due time. */
const SOON_MS = 5 * 60_000;

function minutes(ms: number): string {
  const m = Math.max(0, Math.round(ms / 60_000));
  if (m < 60) return `${m} min`;
  if (m < 24 * 60) return `${Math.floor(m / 60)} h${m % 60 ? ` ${m % 60} min` : ""}`;
  return `${Math.floor(m / (24 * 60))} d`;
}

export function slaChipText(waitingSince: string, dueAt: string | null, now: number): { text: string; state: "ok" | "soon" | "late" } {
  const waited = `waiting ${minutes(now - Date.parse(waitingSince))}`;
  if (!dueAt) return { text: waited, state: "ok" };
  const left = Date.parse(dueAt) - now;
  if (left <= 0) return { text: `${waited} · SLA passed ${minutes(-left)} ago`, state: "late" };
  return { text: `${waited} · SLA in ${minutes(left)}`, state: left <= SOON_MS ? "soon" : "ok" };
}

export function SlaChip({ conversation }: { conversation: Pick<Conversation, "id" | "status" | "lastMessageAt"> }) {
  const client = useClient();
  const queries = useQueryClient();
  const { data } = useQuery({
    queryKey: KEY,
    queryFn: async () => {
      const r = await client.send({ type: "sla.waits" });
      if (!r.ok) throw new Error(r.error.message);
      return new Map(r.data.waits.map((w) => [w.conversationId, w]));
    },
    // The view cache's defaults are for pushed snapshots (never fetched): this one is fetched and shared.
    enabled: true,
    gcTime: REFRESH_MS,
    refetchInterval: REFRESH_MS,
    staleTime: TICK_MS,
    retry: false,
  });
  // A new message (an answer, another text) changes the wait: ask again instead of showing a stale one. The
  // server's waits are kept by its analytics consumer, which reads the feed just after the text's own commit, so
  // an ask made as the text arrives can beat it: ask once more a moment later, not only at the next minute.
  const seen = useRef(conversation.lastMessageAt);
  useEffect(() => {
    if (seen.current === conversation.lastMessageAt) return;
    seen.current = conversation.lastMessageAt;
    const refresh = () => void queries.invalidateQueries({ queryKey: KEY });
    refresh();
    const again = setTimeout(refresh, ASK_AGAIN_MS);
    return () => clearTimeout(again);
  }, [conversation.lastMessageAt, queries]);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), TICK_MS);
    return () => clearInterval(t);
  }, []);
  const wait = data?.get(conversation.id);
  if (!wait || conversation.status === "resolved") return null;
  const { text, state } = slaChipText(wait.waitingSince, wait.dueAt, now);
  return (
    <span
      className={`st-sla st-sla-${state}`}
      data-testid="sla-chip"
      title={wait.dueAt ? `SLA due ${new Date(wait.dueAt).toLocaleString()}` : "No SLA target on this inbox"}
    >
      {text}
    </span>
  );
}
