// Sends the first message of a thread (message.start) and opens the conversation once the worker has it.
import { useEffect, useMemo, useState } from "react";
import { useClient } from "./client-context";
import { NewMessageForm } from "./NewMessageForm";
import type { InboxData } from "./types";

export function NewMessageStart({ data, defaultInboxId, onDone }: { data: InboxData; defaultInboxId?: string; onDone(conversationId: string | null): void }) {
  const client = useClient();
  const [sending, setSending] = useState<{ to: string; inboxId: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const contacts = useMemo(() => Object.values(data.contacts), [data.contacts]);

  // The conversation shows up in the cache when the server confirms; then open it.
  useEffect(() => {
    if (!sending) return;
    const contact = contacts.find((c) => c.phoneNumber === sending.to);
    const conversation = contact && data.conversations.find((c) => c.contactId === contact.id && c.inboxId === sending.inboxId);
    if (conversation) onDone(conversation.id);
  }, [sending, contacts, data.conversations, onDone]);

  return (
    <NewMessageForm
      contacts={contacts}
      inboxes={data.inboxes}
      defaultInboxId={defaultInboxId || undefined}
      sending={!!sending}
      error={error}
      onCancel={() => onDone(null)}
      onSend={async (input) => {
        setError(null);
        setSending({ to: input.to, inboxId: input.inboxId });
        const r = await client.send({ type: "message.start", ...input });
        if (!r.ok) { setSending(null); setError(r.error.message); }
      }}
    />
  );
}
