// Who owns the conversation: me, a teammate from the inbox, or nobody. A native select: keyboard and
// screen readers know it, and it stays compact in a 360 px panel.
import type { User } from "../../protocol/entities";

interface Props {
  assigneeId: string | null;
  me: User | null;
  /** Users who may be assigned: the inbox's members. */
  members: User[];
  disabled?: boolean;
  onAssign(userId: string | null): void;
}

export function AssigneeControl({ assigneeId, me, members, disabled, onAssign }: Props) {
  const teammates = members.filter((u) => u.id !== me?.id);
  const known = !assigneeId || assigneeId === me?.id || teammates.some((u) => u.id === assigneeId);
  return (
    <label className="st-control">
      <span className="st-sr">Assignee</span>
      <select
        data-testid="assign"
        value={assigneeId ?? ""}
        disabled={disabled}
        onChange={(e) => onAssign(e.target.value || null)}
        className={assigneeId ? "" : "is-muted"}
      >
        <option value="">Unassigned</option>
        {me && <option value={me.id}>Me</option>}
        {teammates.map((u) => (
          <option key={u.id} value={u.id}>
            {u.name}
          </option>
        ))}
        {!known && <option value={assigneeId!}>Someone outside this inbox</option>}
      </select>
    </label>
  );
}
