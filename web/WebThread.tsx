// One conversation in the web app: the panel's thread (delivery statuses, notes, activity, composer with
// templates, assign/status/snooze, presence and the collision guard) with a Back to the list, and photos and
// files attached to replies (sent as MMS).
import { useMemo } from "react";
import type { Inbox, User } from "~src/protocol/entities";
import { ConversationContainer } from "~src/ui/thread/ConversationContainer";
import { useAttachments } from "./use-attachments";

interface Props {
  conversationId: string;
  me: User;
  inboxes: Inbox[];
  onBack(): void;
  onError(message: string): void;
}

export function WebThread({ conversationId, me, inboxes, onBack, onError }: Props) {
  const header = useMemo(() => ({ onBack }), [onBack]);
  const attachments = useAttachments();
  return <ConversationContainer conversationId={conversationId} me={me} inboxes={inboxes} header={header} onError={onError} attachments={attachments} />;
}
