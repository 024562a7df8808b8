// Sends the first message of a thread (message.start) and opens the conversation once the worker has it.
import { useEffect, useMemo, useState } from "react";
import { useClient } from "../common/client-context";
import { NewMessageForm } from "./NewMessageForm";
import type { ComposerAttachments } from "../common/types";
import type { InboxData } from "../common/types";

export function NewMessageStart({
  data,
  defaultInboxId,
  initialTo,
  onDone,
  country,
  attachments,
  optOutText,
}: {
  data: InboxData;
  defaultInboxId?: string;
  initialTo?: string;
  onDone(conversationId: string | null): void;
  /** The workspace's settings and photos/files, where the view has them (the web app). */
  country?: string;
  attachments?: ComposerAttachments;
  optOutText?: string;
}) {
  const client = useClient();
  const [sending, setSending] = useState<{ to: string; inboxId: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const contacts = useMemo(() => Object.values(data.contacts), [data.contacts]);
  return (
    <>
      {sending && <OpenWhenCreated {...sending} onFound={onDone} />}
      <NewMessageForm
        contacts={contacts}
        inboxes={data.inboxes}
        defaultInboxId={defaultInboxId || undefined}
        initialTo={initialTo}
        country={country}
        attachments={attachments}
        optOutText={optOutText}
        sending={!!sending}
        error={error}
        onCancel={() => onDone(null)}
        onSend={async (input) => {
          setError(null);
          setSending({ to: input.to, inboxId: input.inboxId });
          const r = await client.send({ type: "message.start", ...input });
          if (!r.ok) {
            setSending(null);
            setError(r.error.message);
          }
        }}
      />
    </>
  );
}

/** Watches the number until its conversation in the inbox exists (the server confirmed the send). */
function OpenWhenCreated({ to, inboxId, onFound }: { to: string; inboxId: string; onFound(id: string): void }) {
  const client = useClient();
  const phone = client.useSubscription(useMemo(() => ({ type: "phone" as const, e164: to }), [to]));
  const id = phone?.conversations.find((c) => c.inboxId === inboxId)?.id;
  useEffect(() => {
    if (id) onFound(id);
  }, [id, onFound]);
  return null;
}
