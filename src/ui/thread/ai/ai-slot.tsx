// The AI slots' on-demand part, loaded by AiSlots.tsx after the first paint and run on that page's React
// (react-bridge.ts): asks once per view client whether AI is on (ai-status.ts) and only then loads the controls
// (ai-controls.ts), so that a server without an endpoint never has them loaded, and shows nothing meanwhile.
import type * as ReactModule from "react";
import type { Message } from "../../../protocol/entities";
import type { ViewClient } from "../../common/client-context";
import type { ComposerAiProps } from "./AiSlots";
import { setAiStatus, useAiStatus } from "./ai-status";
import { adoptReact, react } from "./react-bridge";

export type Slot = ({ kind: "composer" } & ComposerAiProps) | { kind: "message"; message: Message };

type Controls = typeof import("./ai-controls")["controls"];
let controls: Promise<Controls> | null = null;
const loadControls = () =>
  (controls ??= import("./ai-controls").then((m) => {
    m.controls.adoptReact(react);
    return m.controls;
  }));

type Lazies = { ComposerAi: Controls["ComposerAi"]; MessageTranslate: Controls["MessageTranslate"] };
let lazies: Lazies | null = null;
/** Made once, on the host's React (it is only known once the chunk was handed it). */
const controlsOnDemand = (): Lazies =>
  (lazies ??= {
    ComposerAi: react.lazy(() => loadControls().then((c) => ({ default: c.ComposerAi }))),
    MessageTranslate: react.lazy(() => loadControls().then((c) => ({ default: c.MessageTranslate }))),
  } as unknown as Lazies);

// A chunk that fails to load, or a control that fails, is caught by AiSlots.tsx's boundary: the views stay as they were.
function AiSlot({ slot, client }: { slot: Slot; client: ViewClient }) {
  const status = useAiStatus(client);
  if (!status) return null;
  const { ComposerAi, MessageTranslate } = controlsOnDemand();
  if (slot.kind === "message") return <MessageTranslate message={slot.message} status={status} client={client} />;
  const { kind: _, ...props } = slot;
  return <ComposerAi {...props} client={client} status={status} onStatus={(next) => setAiStatus(client, next)} />;
}

/** The slot component, on the host page's React. */
export function slotOn(host: typeof ReactModule) {
  adoptReact(host);
  return { default: AiSlot };
}
