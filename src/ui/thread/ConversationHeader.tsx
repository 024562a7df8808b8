// Who this is, which number and inbox, who owns it and where it stands — the top of every thread.
import { formatPhone } from "../../core/phone";
import type { Contact, Conversation, Inbox, User } from "../../protocol/entities";
import type { CrmRecordLink } from "../../protocol/snapshots";
import type { CrmPhone } from "../../protocol/record";
import { AssigneeControl } from "./AssigneeControl";
import { contactLabel, fullTime, initials } from "../common/format";
import { InboxPicker } from "./InboxPicker";
import { ContactTags, type ContactTagsProps } from "./ContactTags";
import { PhoneSwitcher } from "../panel/PhoneSwitcher";
import { StatusControl } from "./StatusControl";
import type { ConversationPatch } from "../../protocol/api";
import type { ReactNode } from "react";
import { TransferControl } from "../common/TransferControl";

export interface ConversationHeaderProps {
  contact: Contact | null;
  phone: string;
  conversation: Conversation | null;
  me: User | null;
  users: User[];
  /** The inboxes the rep may text from, and the one shown. */
  inboxes: Inbox[];
  inboxId: string;
  onInboxChange?(inboxId: string): void;
  /** Numbers of the CRM record (panel only). */
  phones?: CrmPhone[];
  onPhoneChange?(e164: string): void;
  onUpdate(patch: ConversationPatch): void;
  onBack?(): void;
  /** The CRM record this number was last seen on ("Open in CRM", popup only). */
  crmRecord?: CrmRecordLink | null;
  /** Focuses a tab on that record or opens it (the worker's "crm.open"). */
  onOpenCrm?(): void;
  readOnly?: boolean;
  /** Shown when the contact has no name yet (the CRM record's name). */
  fallbackName?: string | null;
  /** The last assign/status/snooze change: still with the worker, or refused (with Try again). */
  update?: { pending: boolean; error: string | null; onRetry(): void };
  /** Adds or removes the contact's tags; left out, the tags are only shown. */
  onTagsChange?: ContactTagsProps["onChange"];
  /** More controls after status (the web app's "Mute notifications"). */
  extraControls?: ReactNode;
  /** How long the customer waits and the SLA's time left (src/ui/common/SlaChip.tsx). */
  sla?: ReactNode;
}

export function ConversationHeader(props: ConversationHeaderProps) {
  const { contact, phone, conversation, me, users, inboxes, inboxId, phones, onUpdate, onBack, crmRecord, onOpenCrm, readOnly, update } = props;
  const hasName = !!contact?.name?.trim() || !!props.fallbackName?.trim();
  const name = contact?.name?.trim() ? contactLabel(contact, phone) : props.fallbackName?.trim() || contactLabel(contact, phone);
  const inbox = inboxes.find((i) => i.id === inboxId);
  const members = users.filter((u) => inbox?.memberIds.includes(u.id));
  return (
    <header className="st-header">
      <div className="st-header-top">
        {onBack && (
          <button type="button" className="st-icon-btn" onClick={onBack} aria-label="Back to the list (Esc)" title="Back (Esc)">
            ←
          </button>
        )}
        <span className="st-avatar" aria-hidden="true">
          {initials(name)}
        </span>
        <div className="st-header-who">
          <h1 className="st-header-name" title={name}>
            {name}
          </h1>
          <div className="st-header-sub">
            {phones && phones.length > 1 && props.onPhoneChange ? (
              <PhoneSwitcher phones={phones} value={phone} onChange={props.onPhoneChange} />
            ) : (
              hasName && <span>{formatPhone(phone)}</span>
            )}
            {props.onInboxChange && inboxes.length > 1 ? (
              <InboxPicker inboxes={inboxes} value={inboxId} onChange={props.onInboxChange} label="Text from inbox" />
            ) : (
              inbox && (
                <span className="st-chip" title={`Texts go out from ${formatPhone(inbox.phoneNumber)}`}>
                  {inbox.name}
                </span>
              )
            )}
            {contact?.optedOutAt && (
              <span className="st-badge st-badge-danger" title={`Opted out ${fullTime(contact.optedOutAt)}`} data-testid="opted-out">
                Opted out {new Date(contact.optedOutAt).toLocaleDateString(undefined, { month: "short", day: "numeric" })}
              </span>
            )}
            {crmRecord && onOpenCrm && <OpenInCrm record={crmRecord} onOpen={onOpenCrm} />}
            {props.sla}
          </div>
        </div>
      </div>
      {contact && <ContactTags tags={contact.tags ?? []} onChange={readOnly ? undefined : props.onTagsChange} />}
      {conversation && (
        <div className="st-header-controls" aria-busy={update?.pending || undefined} data-testid="conversation-controls">
          <AssigneeControl
            assigneeId={conversation.assigneeId}
            me={me}
            members={members}
            disabled={readOnly}
            onAssign={(assigneeId) => onUpdate({ assigneeId })}
          />
          <StatusControl conversation={conversation} disabled={readOnly} onChange={onUpdate} />
          {props.extraControls}
          {!readOnly && <TransferControl conversation={conversation} />}
        </div>
      )}
      {update?.error && !update.pending && (
        <div className="st-banner st-banner-danger" role="alert" data-testid="update-error">
          <span>Not changed: {update.error}</span>
          <button type="button" className="st-btn st-btn-small" data-testid="update-retry" onClick={update.onRetry}>
            Try again
          </button>
        </div>
      )}
    </header>
  );
}

const CRM_NAMES: Record<CrmRecordLink["source"], string> = {
  salesforce: "Salesforce",
  hubspot: "HubSpot",
  pipedrive: "Pipedrive",
  zoho: "Zoho CRM",
  close: "Close",
  generic: "the CRM",
};

function OpenInCrm({ record, onOpen }: { record: CrmRecordLink; onOpen(): void }) {
  const where = `${record.name ? `${record.name} in ` : ""}${CRM_NAMES[record.source]}`;
  return (
    // A real link (copy, middle-click), but a plain click goes through the worker, which focuses a tab that
    // already shows the record instead of opening a second one.
    <a
      className="st-link"
      href={record.url}
      target="_blank"
      rel="noreferrer noopener"
      title={`Open ${where}`}
      data-testid="open-in-crm"
      onClick={(e) => {
        if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey) return;
        e.preventDefault();
        onOpen();
      }}
    >
      Open in CRM ↗
    </a>
  );
}
