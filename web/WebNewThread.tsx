// #/new: a text to a new number, as in the popup (any format, a contact from the cache, the inbox), with the
// workspace's default country for numbers typed without one, its opt-out wording offered for the end of the
// first text, and photos and files (sent as MMS).
import { Loading } from "~src/ui/common/EmptyState";
import type { InboxData } from "~src/ui/common/types";
import { NewMessageStart } from "~src/ui/popup/NewMessageStart";
import { useAttachments } from "./use-attachments";
import { useSession } from "./use-session";
import { useWorkspaceSettings } from "./use-workspace-settings";

interface Props {
  data: InboxData;
  defaultInboxId?: string;
  onDone(conversationId: string | null): void;
}

export function WebNewThread({ data, defaultInboxId, onDone }: Props) {
  const session = useSession();
  const settings = useWorkspaceSettings(session);
  const attachments = useAttachments();
  if (settings === undefined) return <Loading label="Opening the new text…" />;
  return (
    <NewMessageStart
      data={data}
      defaultInboxId={defaultInboxId}
      onDone={onDone}
      country={settings?.defaultCountry}
      optOutText={settings?.optOutText}
      attachments={attachments}
    />
  );
}
