// Which shared number to text from, when the rep is a member of several inboxes.
import { formatPhone } from "../core/phone";
import type { Inbox } from "../protocol/entities";

interface Props {
  inboxes: Inbox[];
  value: string;
  onChange(inboxId: string): void;
  label?: string;
  /** Adds "All inboxes" (value "") for filters. */
  allowAll?: boolean;
  testId?: string;
}

export function InboxPicker({ inboxes, value, onChange, label = "Inbox", allowAll, testId = "inbox-picker" }: Props) {
  if (inboxes.length < 2 && !allowAll) return null;
  return (
    <label className="st-control">
      <span className="st-sr">{label}</span>
      <select data-testid={testId} value={value} onChange={(e) => onChange(e.target.value)}>
        {allowAll && <option value="">All inboxes</option>}
        {inboxes.map((i) => (
          <option key={i.id} value={i.id}>{i.name} · {formatPhone(i.phoneNumber)}</option>
        ))}
      </select>
    </label>
  );
}
