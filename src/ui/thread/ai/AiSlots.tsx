// Where the AI controls sit in the shared thread views. This file is all the panel's first bundle carries of
// them: the controls themselves load on demand (React.lazy), and only once the server says AI is on, so
// they add nothing to the first paint and nothing at all when no endpoint is set.
import { Component, lazy, Suspense, type ReactNode } from "react";
import type { Message } from "../../../protocol/entities";
import { useAiStatus } from "./ai-status";

const ComposerAi = lazy(() => import("./ComposerAi"));
const MessageTranslate = lazy(() => import("./MessageTranslate"));

/** A chunk that fails to load (extension updated under an open panel) leaves the composer as it was. */
class Quiet extends Component<{ children: ReactNode }, { failed: boolean }> {
  state = { failed: false };
  static getDerivedStateFromError() {
    return { failed: true };
  }
  render() {
    return this.state.failed ? null : this.props.children;
  }
}

export interface ComposerAiProps {
  conversationId?: string;
  draft: string;
  /** Replies are off (opted out, signed out): the controls are off too. */
  blocked: boolean;
  /** Puts text in the composer (the rep accepted or wants to edit a rewrite). */
  onReplace(text: string): void;
  /** Sends exactly this text as the reply (the reviewed translation). */
  onSend(text: string): void;
}

export function AiComposerSlot(props: ComposerAiProps) {
  const status = useAiStatus();
  if (!status) return null;
  return (
    <Quiet>
      <Suspense fallback={null}>
        <ComposerAi {...props} status={status} />
      </Suspense>
    </Quiet>
  );
}

export function AiMessageSlot({ message }: { message: Message }) {
  const status = useAiStatus();
  if (!status || message.direction !== "inbound" || !message.body) return null;
  return (
    <Quiet>
      <Suspense fallback={null}>
        <MessageTranslate message={message} status={status} />
      </Suspense>
    </Quiet>
  );
}
