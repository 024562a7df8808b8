// Which shared number to text from, when the rep is a member of several inboxes.
import { formatPhone } from "../../core/phone";
import type { Inbox } from "../../protocol/entities";

interface Props {
  inboxes: Inbox[];
  value: string;
  onChange(inboxId: string): void;
  label?: string;
  /** Adds "All inboxes" (value "") for filters. */
  allowAll?: boolean;
  testId?: string;
  /** Show each inbox's number beside its name (the filter has room; the header does not). */
  withNumbers?: boolean;
}

export function InboxPicker({ inboxes, value, onChange, label = "Inbox", allowAll, testId = "inbox-picker", withNumbers }: Props) {
  if (inboxes.length < 2 && !allowAll) return null;
  return (
    <label className="st-control">
      <span className="st-sr">{label}</span>
      <select data-testid={testId} value={value} onChange={(e) => onChange(e.target.value)}>
        {allowAll && <option value="">All inboxes</option>}
        {inboxes.map((i) => (
          <option key={i.id} value={i.id} title={formatPhone(i.phoneNumber)}>
            {withNumbers ? `${i.name} · ${formatPhone(i.phoneNumber)}` : i.name}
          </option>
        ))}
      </select>
    </label>
  );
}
