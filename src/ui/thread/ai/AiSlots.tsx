// Where the AI controls sit in the shared thread views. This file is all the panel's first bundle carries of
// them: the controls themselves load on demand (React.lazy), and only once the server says AI is on, so
// they add nothing to the first paint and nothing at all when no endpoint is set.
import * as React from "react";
import { Component, lazy, Suspense, type ReactNode } from "react";
import type { Message } from "../../../protocol/entities";
import { useClient, useOptionalClient } from "../../common/client-context";
import { setAiStatus, useAiStatus } from "./ai-status";

// One chunk for both controls; it runs on this page's React (react-bridge.ts says why).
let chunk: Promise<typeof import("./ai-controls")["controls"]> | null = null;
const loadControls = () =>
  (chunk ??= import("./ai-controls").then((m) => {
    m.controls.adoptReact(React);
    return m.controls;
  }));
const ComposerAi = lazy(() => loadControls().then((m) => ({ default: m.ComposerAi })));
const MessageTranslate = lazy(() => loadControls().then((m) => ({ default: m.MessageTranslate })));

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

function AiComposerSlotWithClient(props: ComposerAiProps) {
  const client = useClient();
  const status = useAiStatus();
  if (!status) return null;
  return (
    <Quiet>
      <Suspense fallback={null}>
        <ComposerAi {...props} client={client} status={status} onStatus={(next) => setAiStatus(client, next)} />
      </Suspense>
    </Quiet>
  );
}

function AiMessageSlotWithClient({ message }: { message: Message }) {
  const client = useClient();
  const status = useAiStatus();
  if (!status || message.direction !== "inbound" || !message.body) return null;
  return (
    <Quiet>
      <Suspense fallback={null}>
        <MessageTranslate message={message} status={status} client={client} />
      </Suspense>
    </Quiet>
  );
}

/** Only inside a view with a worker behind it; a thread shown without one (a component test) goes without. */
export function AiComposerSlot(props: ComposerAiProps) {
  return useOptionalClient() ? <AiComposerSlotWithClient {...props} /> : null;
}

/** Only inside a view with a worker behind it; a thread shown without one (a component test) goes without. */
export function AiMessageSlot(props: { message: Message }) {
  return useOptionalClient() ? <AiMessageSlotWithClient {...props} /> : null;
}
