// "Bob is typing…", "Ada is viewing": teammates on this conversation right now (never the rep themself).
import type { User } from "../../protocol/entities";
import type { Presence } from "../../protocol/stream";
import { firstName, initials } from "../common/format";

/** Presence entries older than this are stale (a closed tab never said goodbye). */
const PRESENCE_TTL_MS = 60_000;

export function activeTeammates(presence: Presence[], meId: string | undefined, now = Date.now()): Presence[] {
  const latest = new Map<string, Presence>();
  for (const p of presence) {
    if (p.userId === meId || p.state === "idle" || now - Date.parse(p.at) > PRESENCE_TTL_MS) continue;
    const seen = latest.get(p.userId);
    if (!seen || seen.at < p.at) latest.set(p.userId, p);
  }
  return [...latest.values()];
}

export function PresenceBar({ presence, users, meId }: { presence: Presence[]; users: User[]; meId?: string }) {
  const active = activeTeammates(presence, meId);
  if (active.length === 0) return <div data-testid="presence" className="st-presence is-empty" aria-live="polite" />;
  const name = (id: string) => firstName(users.find((u) => u.id === id));
  const typing = active.filter((p) => p.state === "typing").map((p) => name(p.userId));
  const viewing = active.filter((p) => p.state === "viewing").map((p) => name(p.userId));
  const words = [
    typing.length ? `${typing.join(", ")} ${typing.length === 1 ? "is" : "are"} typing…` : "",
    viewing.length ? `${viewing.join(", ")} ${viewing.length === 1 ? "is" : "are"} viewing` : "",
  ]
    .filter(Boolean)
    .join(" · ");
  return (
    <div data-testid="presence" className="st-presence" aria-live="polite">
      <span className="st-avatars" aria-hidden="true">
        {active.map((p) => (
          <span key={p.userId} className={`st-avatar st-avatar-xs ${p.state === "typing" ? "is-typing" : ""}`}>
            {initials(name(p.userId))}
          </span>
        ))}
      </span>
      <span>{words}</span>
    </div>
  );
}
