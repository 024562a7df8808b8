// One conversation in the web app: the panel's thread (delivery statuses, notes, activity, composer with
// templates, assign/status/snooze, presence and the collision guard) with a Back to the list, photos and
// files attached to replies (sent as MMS), and "Mute notifications" for this conversation (web/push).
import { useMemo } from "react";
import type { Inbox, User } from "~src/protocol/entities";
import { ConversationContainer } from "~src/ui/thread/ConversationContainer";
import { MuteToggle } from "./push/MuteToggle";
import { useSession } from "./use-session";
import { useAttachments } from "./use-attachments";

interface Props {
  conversationId: string;
  me: User;
  inboxes: Inbox[];
  onBack(): void;
  onError(message: string): void;
}

export function WebThread({ conversationId, me, inboxes, onBack, onError }: Props) {
  const session = useSession();
  const header = useMemo(
    () => ({
      onBack,
      extraControls: session ? <MuteToggle baseUrl={session.serverUrl} token={session.token} conversationId={conversationId} /> : null,
    }),
    [onBack, session, conversationId],
  );
  const attachments = useAttachments();
  return <ConversationContainer conversationId={conversationId} me={me} inboxes={inboxes} header={header} onError={onError} attachments={attachments} />;
}
