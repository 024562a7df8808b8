// "No thread yet for this number": the header for the number, and a composer whose first send starts
// the conversation from the chosen inbox (message.start).
import { useMemo } from "react";
import type { Contact, Inbox, Template, User } from "../../protocol/entities";
import type { CrmRecord } from "../../protocol/record";
import { Composer } from "../thread/Composer";
import { ConversationHeader, type ConversationHeaderProps } from "../thread/ConversationHeader";
import { useDraft, useDrafts } from "../common/drafts";
import { EmptyState } from "../common/EmptyState";
import { contactLabel } from "../common/format";

interface Props {
  e164: string;
  contact: Contact | null;
  inboxes: Inbox[];
  inboxId: string;
  me: User | null;
  users: User[];
  templates: Template[];
  record: CrmRecord | null;
  header: Partial<ConversationHeaderProps>;
  sendBlockedReason?: string | null;
  onStart(body: string): void;
}

export function StartThread({ e164, contact, inboxes, inboxId, me, users, templates, record, header, sendBlockedReason, onStart }: Props) {
  const key = `new:${inboxId}:${e164}`;
  const draft = useDraft(key);
  const setDraft = useDrafts((s) => s.setDraft);
  const clear = useDrafts((s) => s.clear);
  const inbox = inboxes.find((i) => i.id === inboxId);
  const visibleTemplates = useMemo(() => templates.filter((t) => !t.inboxId || t.inboxId === inboxId), [templates, inboxId]);
  const templateContext = useMemo(() => ({ contact, record, agent: me }), [contact, record, me]);
  const optedOut = contact?.optedOutAt ? `${contactLabel(contact, e164)} opted out of texts.` : null;
  return (
    <section className="st-thread" aria-label="New conversation">
      <ConversationHeader
        contact={contact}
        fallbackName={record?.name}
        phone={e164}
        conversation={null}
        me={me}
        users={users}
        inboxes={inboxes}
        inboxId={inboxId}
        onUpdate={() => {}}
        {...header}
      />
      <div className="st-timeline" data-testid="thread">
        <EmptyState
          testId="no-thread"
          title="No thread yet for this number: start one"
          hint={
            inbox
              ? `Your first message goes out from ${inbox.name}. The customer can reply to it like any text.`
              : "You are not a member of any inbox yet; ask an admin to add you."
          }
        />
      </div>
      <Composer
        value={draft.text}
        onChange={(text) => setDraft(key, { text })}
        mode="reply"
        onModeChange={() => {}}
        templates={visibleTemplates}
        templateContext={templateContext}
        disabledReason={optedOut ?? sendBlockedReason ?? (inbox ? null : "No inbox to text from.")}
        onSubmit={(body) => {
          onStart(body);
          clear(key);
        }}
        hideNoteMode
      />
    </section>
  );
}
