// One line of the inbox: who, the last message, when, and the markers a rep triages by.
import { memo } from "react";
import { formatPhone } from "../../core/phone";
import type { User } from "../../protocol/entities";
import { contactLabel, firstName, initials, shortTime } from "../common/format";
import type { IndexedConversation } from "./inbox-index";
import { SlaChip } from "../common/SlaChip";

export interface RowMarkers {
  unread: boolean;
  failed: boolean;
  assignee: User | undefined;
  /** Teammates viewing or typing here right now ("Alice is typing"). */
  present: string[];
  inboxName?: string;
}

interface Props {
  row: IndexedConversation;
  markers: RowMarkers;
  active: boolean;
  meId?: string;
  top: number;
  height: number;
  onOpen(id: string): void;
  onHover(id: string): void;
}

export const ConversationRow = memo(function ConversationRow({ row, markers, active, meId, top, height, onOpen, onHover }: Props) {
  const { conversation, contact } = row;
  const label = row.name ?? contactLabel(contact);
  const assigneeText = markers.assignee ? (markers.assignee.id === meId ? "You" : firstName(markers.assignee)) : "Unassigned";
  return (
    // biome-ignore lint/a11y/useFocusableInteractive: an option of the list (ConversationList), which keeps the focus and names the active row with aria-activedescendant.
    // biome-ignore lint/a11y/useKeyWithClickEvents: the list handles the keys (arrows, Enter) for its options.
    <div
      id={`st-row-${conversation.id}`}
      role="option"
      aria-selected={active}
      data-testid="conversation-row"
      data-conversation-id={conversation.id}
      data-unread={markers.unread || undefined}
      className={`st-row ${active ? "is-active" : ""} ${markers.unread ? "is-unread" : ""}`}
      style={{ top, height }}
      onClick={() => onOpen(conversation.id)}
      onMouseMove={() => !active && onHover(conversation.id)}
    >
      <span className="st-avatar" aria-hidden="true">
        {initials(label)}
      </span>
      <div className="st-row-main">
        <div className="st-row-line">
          <span className="st-row-name">{label}</span>
          {row.name && contact && <span className="st-row-phone">{formatPhone(contact.phoneNumber)}</span>}
          <span className="st-row-time">{shortTime(row.at)}</span>
        </div>
        <div className="st-row-line">
          {markers.failed && (
            <span className="st-marker-failed" title="A message failed to deliver" data-testid="delivery-failed">
              Failed
            </span>
          )}
          <span className="st-row-preview">{conversation.preview || "No messages yet"}</span>
          {markers.unread && <span className="st-unread-dot" role="img" aria-label="Unread" />}
        </div>
        <div className="st-row-line st-row-meta">
          <span className={markers.assignee ? "" : "is-muted"}>{assigneeText}</span>
          {markers.inboxName && <span className="is-muted">· {markers.inboxName}</span>}
          <SlaChip conversation={conversation} />
          {markers.present.length > 0 && (
            <span className="st-row-presence" data-testid="row-presence">
              · {markers.present.join(", ")}
            </span>
          )}
        </div>
      </div>
    </div>
  );
});
