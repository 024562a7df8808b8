// Status filter (open by default), for reps in several inboxes the inbox filter, and the tag filter.
// Types only from the protocol: its zod schemas would add hundreds of KB to the popup's first load.
import type { Contact, ConversationStatus, Inbox } from "../../protocol/entities";
import { InboxPicker } from "../thread/InboxPicker";
import { TagFilter } from "./TagFilter";

const STATUS_LABELS: Record<ConversationStatus, string> = { open: "Open", pending: "Pending", snoozed: "Snoozed", resolved: "Resolved" };
const STATUSES = Object.keys(STATUS_LABELS) as ConversationStatus[];

interface Props {
  status: ConversationStatus;
  onStatusChange(status: ConversationStatus): void;
  inboxes: Inbox[];
  inboxId: string;
  onInboxChange(inboxId: string): void;
  tag: string;
  onTagChange(tag: string): void;
  contacts: Record<string, Contact>;
}

export function ListFilters({ status, onStatusChange, inboxes, inboxId, onInboxChange, tag, onTagChange, contacts }: Props) {
  return (
    <div className="st-filters">
      <label className="st-control">
        <span className="st-sr">Status</span>
        <select data-testid="status-filter" value={status} onChange={(e) => onStatusChange(e.target.value as ConversationStatus)}>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {STATUS_LABELS[s]}
            </option>
          ))}
        </select>
      </label>
      {inboxes.length > 1 && <InboxPicker inboxes={inboxes} value={inboxId} onChange={onInboxChange} allowAll label="Inbox filter" testId="inbox-filter" />}
      <TagFilter tag={tag} onTagChange={onTagChange} contacts={contacts} />
    </div>
  );
}
