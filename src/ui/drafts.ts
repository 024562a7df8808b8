// Unsent drafts per conversation, so hopping between threads in the popup never loses a half-written reply.
import { create } from "zustand";
import type { ComposeMode } from "./Composer";

interface Draft { text: string; mode: ComposeMode }
interface DraftState {
  drafts: Record<string, Draft>;
  setDraft(conversationId: string, draft: Partial<Draft>): void;
  clear(conversationId: string): void;
}

export const EMPTY_DRAFT: Draft = { text: "", mode: "reply" };

export const useDrafts = create<DraftState>((set) => ({
  drafts: {},
  setDraft: (id, draft) => set((s) => ({ drafts: { ...s.drafts, [id]: { ...(s.drafts[id] ?? EMPTY_DRAFT), ...draft } } })),
  clear: (id) => set((s) => ({ drafts: { ...s.drafts, [id]: { ...(s.drafts[id] ?? EMPTY_DRAFT), text: "" } } })),
}));
