// The on-demand chunk: everything of the AI controls that the first paint does not need (AiSlots.tsx loads it).
export { ComposerAi } from "./ComposerAi";
export { MessageTranslate } from "./MessageTranslate";
export { adoptReact } from "./react-bridge";
