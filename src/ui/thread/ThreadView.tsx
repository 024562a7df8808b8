// One conversation, as the panel and the popup both show it: header, who else is here, the timeline, the
// collision guard and the composer. Data in, callbacks out.
import { useEffect, useMemo, useRef, useState, type ReactNode, type RefObject } from "react";
import type { Inbox, Template, User } from "../../protocol/entities";
import type { CrmRecord } from "../../protocol/record";
import { CollisionWarning, useCollisionGuard } from "./CollisionGuard";
import { Composer, type ComposeMode } from "./Composer";
import { ConversationHeader, type ConversationHeaderProps } from "./ConversationHeader";
import { useDraft, useDrafts } from "../common/drafts";
import { contactLabel } from "../common/format";
import { PresenceBar } from "./PresenceBar";
import { Timeline } from "./Timeline";
import type { ComposerAttachments, ThreadActions, ThreadData } from "../common/types";
import { useThreadPaintedMark } from "./paint-mark";
import type { CrmLogByMessage } from "./use-crm-log";

export interface ThreadViewProps {
  thread: ThreadData;
  me: User | null;
  users: User[];
  inboxes: Inbox[];
  templates: Template[];
  record?: CrmRecord | null;
  actions: ThreadActions;
  /** Why the rep cannot send right now besides opt-out (e.g. signed out). */
  sendBlockedReason?: string | null;
  loadingOlder?: boolean;
  header?: Partial<ConversationHeaderProps>;
  composerRef?: RefObject<HTMLTextAreaElement | null>;
  banner?: ReactNode;
  /** Files for the next reply (the web app's composer). */
  attachments?: ComposerAttachments;
  /** "Logged to HubSpot ✓" under each message, and its Retry. */
  crmLog?: { byMessage: CrmLogByMessage; retry(messageId: string): void };
}

const TYPING_IDLE_MS = 4000;

export function ThreadView({
  thread,
  me,
  users,
  inboxes,
  templates,
  record,
  actions,
  sendBlockedReason,
  loadingOlder,
  header,
  composerRef,
  banner,
  attachments,
  crmLog,
}: ThreadViewProps) {
  const { conversation, contact } = thread;
  const draft = useDraft(conversation.id);
  useThreadPaintedMark(conversation.id, thread.messages.length > 0);
  const setDraft = useDrafts((s) => s.setDraft);
  const clearDraft = useDrafts((s) => s.clear);
  const [held, setHeld] = useState<string | null>(null);
  const guard = useCollisionGuard(thread.messages, me?.id, draft.text.trim().length > 0 && draft.mode === "reply", conversation.lastMessageAt);

  // Presence: viewing while open, typing while the draft changes, idle when leaving.
  const typingTimer = useRef<ReturnType<typeof setTimeout>>(undefined);
  // biome-ignore lint/correctness/useExhaustiveDependencies: once per conversation (conversation.id), with the actions of that moment.
  useEffect(() => {
    actions.setPresence("viewing");
    return () => {
      clearTimeout(typingTimer.current);
      actions.setPresence("idle");
    };
  }, [conversation.id]);
  const onDraftChange = (text: string) => {
    setDraft(conversation.id, { text });
    if (held) setHeld(null);
    if (!typingTimer.current) actions.setPresence("typing");
    clearTimeout(typingTimer.current);
    typingTimer.current = setTimeout(() => {
      typingTimer.current = undefined;
      actions.setPresence("viewing");
    }, TYPING_IDLE_MS);
  };

  const send = (body: string, mode: ComposeMode) => {
    if (mode === "note") actions.addNote(body);
    else {
      if (attachments?.mediaIds.length) actions.send(body, attachments.mediaIds);
      else actions.send(body);
      attachments?.clear();
    }
    clearDraft(conversation.id);
    setHeld(null);
  };
  const onSubmit = (body: string, mode: ComposeMode) => {
    if (mode === "reply" && guard.fresh.length > 0) setHeld(body);
    else send(body, mode);
  };

  const optedOut = contact.optedOutAt ? `${contactLabel(contact)} opted out of texts. Only internal notes can be added.` : null;
  const visibleTemplates = useMemo(() => templates.filter((t) => !t.inboxId || t.inboxId === conversation.inboxId), [templates, conversation.inboxId]);
  const templateContext = useMemo(() => ({ contact, record, agent: me }), [contact, record, me]);

  return (
    <section className="st-thread" aria-label={`Conversation with ${contactLabel(contact)}`}>
      <ConversationHeader
        contact={contact}
        phone={contact.phoneNumber}
        conversation={conversation}
        me={me}
        users={users}
        inboxes={inboxes}
        inboxId={conversation.inboxId}
        onUpdate={actions.update}
        {...header}
      />
      {banner}
      <PresenceBar presence={thread.presence} users={users} meId={me?.id} />
      <Timeline
        thread={thread}
        users={users}
        meId={me?.id}
        loadingOlder={loadingOlder}
        onLoadOlder={actions.loadOlder}
        onRetry={actions.retry}
        onDiscard={actions.discard}
        onResend={optedOut || sendBlockedReason ? undefined : (body) => actions.send(body)}
        crmLog={crmLog?.byMessage}
        onRetryCrmLog={crmLog?.retry}
      />
      {held !== null && (
        <CollisionWarning
          fresh={guard.fresh}
          users={users}
          contactName={contactLabel(contact)}
          onSendAnyway={() => send(held, "reply")}
          onReview={() => {
            setHeld(null);
            guard.acknowledge();
            composerRef?.current?.focus();
          }}
        />
      )}
      <Composer
        value={draft.text}
        onChange={onDraftChange}
        mode={draft.mode}
        onModeChange={(mode) => setDraft(conversation.id, { mode })}
        templates={visibleTemplates}
        templateContext={templateContext}
        disabledReason={optedOut ?? sendBlockedReason}
        onSubmit={onSubmit}
        inputRef={composerRef}
        attachments={attachments}
        conversationId={conversation.id}
      />
    </section>
  );
}
