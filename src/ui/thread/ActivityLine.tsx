// "Alice assigned this to Bob", "Resolved by Alice", "Contact opted out" — one centred line.
import type { Activity } from "../../protocol/api";
import type { User } from "../../protocol/entities";
import { bubbleTime, firstName } from "../common/format";

export function activityText(activity: Activity, userById: (id: string | null) => User | undefined, meId?: string): string {
  const actor = activity.actorId ? (activity.actorId === meId ? "You" : firstName(userById(activity.actorId))) : "Sidetext";
  const assignee = activity.assigneeId === meId ? "you" : firstName(userById(activity.assigneeId));
  switch (activity.action) {
    case "assigned":
      return activity.actorId && activity.actorId === activity.assigneeId ? `${actor} took this conversation` : `${actor} assigned this to ${assignee}`;
    case "unassigned":
      return `${actor} unassigned this conversation`;
    case "opened":
      return `${actor} reopened this conversation`;
    case "reopened":
      return "Reopened by a new message";
    case "pending":
      return `${actor} marked this pending`;
    case "snoozed":
      return `${actor} snoozed this conversation`;
    case "woke":
      return "Snooze ended";
    case "resolved":
      return `${actor} resolved this conversation`;
    case "opted_out":
      return "Contact opted out of texts";
    case "opted_in":
      return "Contact opted back in";
    default:
      return `${actor} updated this conversation`;
  }
}

export function ActivityLine({ text, at }: { text: string; at: string }) {
  return (
    <div className="st-activity" role="note">
      <span>{text}</span> <span className="st-activity-time">{bubbleTime(at)}</span>
    </div>
  );
}
