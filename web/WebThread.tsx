// One conversation in the web app: the panel's thread (delivery statuses, notes, activity, composer with
// templates, assign/status/snooze, presence and the collision guard) with a Back to the list.
import { useMemo } from "react";
import type { Inbox, User } from "~src/protocol/entities";
import { ConversationContainer } from "~src/ui/thread/ConversationContainer";

interface Props {
  conversationId: string;
  me: User;
  inboxes: Inbox[];
  onBack(): void;
  onError(message: string): void;
}

export function WebThread({ conversationId, me, inboxes, onBack, onError }: Props) {
  const header = useMemo(() => ({ onBack }), [onBack]);
  return <ConversationContainer conversationId={conversationId} me={me} inboxes={inboxes} header={header} onError={onError} />;
}
