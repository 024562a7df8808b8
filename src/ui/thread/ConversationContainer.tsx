// Wires one conversation to the worker: the thread topic in, commands out. Shared by popup and panel.
import { useEffect, useMemo, useState, type ReactNode, type RefObject } from "react";
import type { Inbox, User } from "../../protocol/entities";
import type { CrmRecord } from "../../protocol/record";
import { useClient } from "../common/client-context";
import { SlaChip } from "../common/SlaChip";
import type { ConversationHeaderProps } from "./ConversationHeader";
import { EmptyState, Loading } from "../common/EmptyState";
import { isUnread } from "../popup/inbox-index";
import { ThreadView } from "./ThreadView";
import { threadDataOf, type ComposerAttachments, type ThreadActions } from "../common/types";
import { useConversationUpdate } from "../common/use-commands";
import { useCrmLog } from "./use-crm-log";

interface Props {
  conversationId: string;
  me: User | null;
  inboxes: Inbox[];
  record?: CrmRecord | null;
  sendBlockedReason?: string | null;
  header?: Partial<ConversationHeaderProps>;
  composerRef?: RefObject<HTMLTextAreaElement | null>;
  banner?: ReactNode;
  /** Shows "Open in CRM" when the number was seen on a CRM record (popup; the panel is on the record). */
  openInCrm?: boolean;
  /** Called with a short message when a command fails, for the view's toast. */
  onError?(message: string): void;
  /** Files for the next reply (the web app's composer). */
  attachments?: ComposerAttachments;
}

const noMessages: never[] = [];

export function ConversationContainer(props: Props) {
  const { conversationId, me, inboxes, record, sendBlockedReason, header, composerRef, banner, openInCrm, onError, attachments } = props;
  const client = useClient();
  const topic = useMemo(() => ({ type: "thread" as const, conversationId }), [conversationId]);
  const snapshot = client.useSubscription(topic);
  const [loadingOlder, setLoadingOlder] = useState(false);
  const thread = useMemo(() => (snapshot ? threadDataOf(snapshot) : null), [snapshot]);
  const crmLog = useCrmLog(client, conversationId, snapshot?.messages ?? noMessages);

  // Assign, status and snooze: shown at once, put back if refused; the header says why and offers Try again.
  const { mutate: updateConversation, isPending: updating, error: updateFailure, variables: lastUpdate, reset: clearUpdate } = useConversationUpdate();
  // biome-ignore lint/correctness/useExhaustiveDependencies: conversationId: another conversation does not show this one's refusal.
  useEffect(() => clearUpdate(), [conversationId, clearUpdate]);
  const actions = useMemo<ThreadActions>(() => {
    const run = async (p: Promise<{ ok: boolean; error?: { message: string } }>) => {
      const r = await p;
      if (!r.ok && r.error) onError?.(r.error.message);
    };
    return {
      send: (body, mediaIds) => void run(client.send({ type: "conversation.send", conversationId, body, ...(mediaIds?.length ? { mediaIds } : {}) })),
      addNote: (body) => void run(client.send({ type: "note.add", conversationId, body })),
      retry: (clientId) => void run(client.send({ type: "outbox.retry", clientId })),
      discard: (clientId) => void run(client.send({ type: "outbox.discard", clientId })),
      update: (patch) => updateConversation({ conversationId, patch }),
      loadOlder: () => {
        setLoadingOlder(true);
        client.send({ type: "thread.loadOlder", conversationId }).finally(() => setLoadingOlder(false));
      },
      // Presence is best effort: a lost frame only delays what teammates see.
      setPresence: (state) => void client.send({ type: "presence.set", conversationId, state }),
    };
  }, [client, conversationId, onError, updateConversation]);

  // Viewing a conversation reads it: mark it read when something new arrives while it is on screen.
  const unread = !!thread && isUnread(thread.conversation, me?.id);
  // biome-ignore lint/correctness/useExhaustiveDependencies: lastInboundAt: each new text read on screen is marked read again.
  useEffect(() => {
    if (unread && document.visibilityState !== "hidden") void client.send({ type: "conversation.read", conversationId });
  }, [unread, client, conversationId, thread?.conversation.lastInboundAt]);

  const phone = thread?.contact.phoneNumber;
  const crm = useMemo<Partial<ConversationHeaderProps>>(
    () =>
      openInCrm && phone && snapshot?.crmRecord ? { crmRecord: snapshot.crmRecord, onOpenCrm: () => void client.send({ type: "crm.open", e164: phone }) } : {},
    [openInCrm, phone, snapshot?.crmRecord, client],
  );
  const update = useMemo<ConversationHeaderProps["update"]>(
    () => ({ pending: updating, error: updateFailure?.message ?? null, onRetry: () => lastUpdate && updateConversation(lastUpdate) }),
    [updating, updateFailure, lastUpdate, updateConversation],
  );
  const contactId = thread?.contact.id;
  const onTagsChange = useMemo<ConversationHeaderProps["onTagsChange"]>(
    () =>
      contactId
        ? async (patch) => {
            const r = await client.send({ type: "contact.tags", contactId, ...patch });
            return r.ok ? null : r.error.message;
          }
        : undefined,
    [client, contactId],
  );
  const conversation = thread?.conversation;
  const sla = useMemo(() => (conversation ? <SlaChip conversation={conversation} /> : null), [conversation]);
  const headerProps = useMemo(() => ({ ...crm, update, onTagsChange, sla, ...header }), [crm, update, onTagsChange, sla, header]);

  if (!snapshot || (!thread && snapshot.loading)) return <Loading label="Loading conversation…" />;
  if (!thread) {
    return (
      <EmptyState
        title="This conversation is not available"
        hint={snapshot.error?.message ?? "It may be in an inbox you are not a member of, or it was removed."}
        action={
          header?.onBack && (
            <button type="button" className="st-btn" onClick={header.onBack}>
              Back to the list
            </button>
          )
        }
      />
    );
  }
  return (
    <ThreadView
      thread={thread}
      me={me}
      users={snapshot.users}
      inboxes={inboxes}
      templates={snapshot.templates}
      record={record}
      actions={actions}
      sendBlockedReason={sendBlockedReason}
      loadingOlder={loadingOlder || (snapshot.loading && snapshot.messages.length > 0)}
      header={headerProps}
      composerRef={composerRef}
      banner={banner}
      attachments={attachments}
      crmLog={crmLog}
    />
  );
}
