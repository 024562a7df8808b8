// One number of the open record: its conversation in the chosen inbox, or "start one".
import { type ReactNode, useCallback, useMemo, useState } from "react";
import type { CrmRecord } from "../../protocol/record";
import { useClient } from "../common/client-context";
import { ConversationContainer } from "../thread/ConversationContainer";
import { Loading } from "../common/EmptyState";
import { StartThread } from "./StartThread";
import { Toast, useToast } from "../common/Toast";
import type { SessionInfo } from "../common/types";
import { LocationSwitcher } from "../common/LocationSwitcher";
import { inLocation, useLocationChoice } from "../common/location-choice";

/** Users and templates come with the inbox snapshot; one conversation is enough to get them. */
const INBOX = { type: "inbox", filter: { limit: 1 } } as const;

interface Props {
  e164: string;
  record: CrmRecord;
  session: SessionInfo;
  onPhoneChange(e164: string): void;
}

export function PanelNumber({ e164, record, session, onPhoneChange }: Props) {
  const client = useClient();
  const toast = useToast();
  const phone = client.useSubscription(useMemo(() => ({ type: "phone" as const, e164 }), [e164]));
  const inbox = client.useSubscription(INBOX);
  const me = session.user ?? inbox?.me ?? null;
  const allInboxes = phone?.inboxes.length ? phone.inboxes : (inbox?.inboxes ?? []);
  // A rep of several locations sees the chosen location's conversations with this number (issue 18).
  const [locationId, chooseLocation] = useLocationChoice(me?.id);
  const here = inLocation({ inboxes: allInboxes, conversations: phone?.conversations ?? [] }, locationId);
  const inboxes = here.inboxes;
  const [choice, setChoice] = useState<string | null>(null);
  // Default: the inbox of the newest conversation with this number, else the rep's first inbox.
  const newest = here.conversations.reduce<(typeof here.conversations)[number] | undefined>(
    (best, c) => (!best || (c.lastMessageAt ?? "") > (best.lastMessageAt ?? "") ? c : best),
    undefined,
  );
  const inboxId = choice && inboxes.some((i) => i.id === choice) ? choice : (newest?.inboxId ?? inboxes[0]?.id ?? "");
  const conversation = here.conversations.find((c) => c.inboxId === inboxId) ?? null;
  const blocked = session.connection.state === "signed_out" ? "You are signed out. Sign in to reply." : null;
  const header = { phones: record.phones, onPhoneChange, onInboxChange: setChoice, fallbackName: record.name };

  const start = useCallback(
    async (body: string) => {
      const r = await client.send({ type: "message.start", inboxId, to: e164, body });
      if (!r.ok) toast.show(r.error.message);
    },
    [client, e164, inboxId, toast],
  );

  let body: ReactNode;
  if (!phone || (phone.status === "loading" && phone.conversations.length === 0)) body = <Loading label="Looking up this number…" />;
  else if (conversation) {
    body = (
      <ConversationContainer
        key={conversation.id}
        conversationId={conversation.id}
        me={me}
        inboxes={inboxes}
        record={record}
        sendBlockedReason={blocked}
        header={header}
        onError={toast.show}
      />
    );
  } else {
    body = (
      <StartThread
        e164={e164}
        contact={phone.contact}
        inboxes={inboxes}
        inboxId={inboxId}
        me={me}
        users={inbox?.users ?? []}
        templates={inbox?.templates ?? []}
        record={record}
        header={header}
        sendBlockedReason={blocked}
        onStart={start}
      />
    );
  }
  return (
    <>
      {phone?.status === "error" && phone.error && (
        <div className="st-banner st-banner-warn" role="status">
          Could not look up this number: {phone.error.message}. Showing what is cached.
        </div>
      )}
      <LocationSwitcher inboxes={allInboxes} value={locationId} onChange={chooseLocation} />
      {body}
      <Toast message={toast.message} />
    </>
  );
}
