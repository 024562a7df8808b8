// The on-demand chunk: everything of the AI controls that the first paint does not need (AiSlots.tsx loads it).
import { ComposerAi } from "./ComposerAi";
import { MessageTranslate } from "./MessageTranslate";
import { adoptReact } from "./react-bridge";

export const controls = { ComposerAi, MessageTranslate, adoptReact };
