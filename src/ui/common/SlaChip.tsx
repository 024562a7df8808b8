// "waiting 14 min · SLA in 6 min" (hook sla-chip) on a conversation a customer waits on: how long since the
// earliest unanswered text, and the time left to the inbox's SLA target (or how long ago it passed). The
// waits come from the server (the worker's "sla.waits"), one request shared by every chip, refreshed each
// minute and when a conversation's last message changes; the minutes tick on screen between refreshes. The
// server's waits are its analytics consumer's, read from the feed after commit, and the answer says up to when
// they are known (`asOf`): while a conversation's last message is newer, the chip asks again shortly (backing
// off) instead of showing nothing for a minute (a consumer catching up on a busy server is seconds behind).
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import type { Conversation } from "../../protocol/entities";
import { useClient } from "./client-context";

const KEY = ["sla.waits"];
const REFRESH_MS = 60_000;
const TICK_MS = 15_000;
const ASK_AGAIN_MS = 2_000;
const ASK_AGAIN_AT_MOST_MS = 30_000;
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
  const { data, dataUpdatedAt } = useQuery({
    queryKey: KEY,
    queryFn: async () => {
      const r = await client.send({ type: "sla.waits" });
      if (!r.ok) throw new Error(r.error.message);
      return { byId: new Map(r.data.waits.map((w) => [w.conversationId, w])), asOf: r.data.asOf };
    },
    // The view cache's defaults are for pushed snapshots (never fetched): this one is fetched and shared.
    enabled: true,
    gcTime: REFRESH_MS,
    refetchInterval: REFRESH_MS,
    staleTime: TICK_MS,
    retry: false,
  });
  // A new message (an answer, another text) changes the wait: ask again instead of showing a stale one.
  const seen = useRef(conversation.lastMessageAt);
  useEffect(() => {
    if (seen.current === conversation.lastMessageAt) return;
    seen.current = conversation.lastMessageAt;
    void queries.invalidateQueries({ queryKey: KEY });
  }, [conversation.lastMessageAt, queries]);
  // The answer does not know this conversation's last message yet: ask again, 2 s, 2 s, 4 s … up to 30 s apart.
  const behind = !!data && !!conversation.lastMessageAt && data.asOf < conversation.lastMessageAt;
  const tries = useRef(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: dataUpdatedAt: each answer still behind schedules the next ask.
  useEffect(() => {
    if (!behind) {
      tries.current = 0;
      return;
    }
    const wait = Math.min(ASK_AGAIN_MS * 2 ** Math.max(0, tries.current - 1), ASK_AGAIN_AT_MOST_MS);
    tries.current++;
    const again = setTimeout(() => void queries.invalidateQueries({ queryKey: KEY }), wait);
    return () => clearTimeout(again);
  }, [behind, dataUpdatedAt, queries]);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), TICK_MS);
    return () => clearInterval(t);
  }, []);
  const wait = data?.byId.get(conversation.id);
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
