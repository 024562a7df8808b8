// Where the AI controls sit in the shared thread views. This file is all the first bundle carries of them: one
// lazy boundary. The rest loads after the first paint, in two steps (ai-slot.tsx): a small chunk asks the server
// whether AI is on, and only then are the controls themselves loaded (ai-controls.ts) — never, without an endpoint.
import * as React from "react";
import { Component, lazy, Suspense, type ReactNode } from "react";
import type { Message } from "../../../protocol/entities";
import { useOptionalClient } from "../../common/client-context";
import type { Slot } from "./ai-slot";

// The chunk runs on this page's React (react-bridge.ts says why).
const AiSlot = lazy(() => import("./ai-slot").then((m) => m.slotOn(React)));

/** A chunk that fails to load (the extension updated under an open panel) or a control that fails leaves the view as it was. */
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

/** Only inside a view with a worker behind it; a thread shown without one (a component test) goes without. */
function Boundary({ slot }: { slot: Slot }) {
  const client = useOptionalClient();
  return client ? (
    <Quiet>
      <Suspense fallback={null}>
        <AiSlot slot={slot} client={client} />
      </Suspense>
    </Quiet>
  ) : null;
}

export const AiComposerSlot = (props: ComposerAiProps) => <Boundary slot={{ kind: "composer", ...props }} />;

/** Customers' texts only: "Translate" is for what they wrote. */
export const AiMessageSlot = ({ message }: { message: Message }) =>
  message.direction === "inbound" && message.body ? <Boundary slot={{ kind: "message", message }} /> : null;
