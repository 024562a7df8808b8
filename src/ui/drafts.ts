// Unsent drafts per conversation, kept in the extension's localStorage: hopping between threads, or the
// popup closing on an outside click, never loses a half-written reply.
import { create } from "zustand";
import { createJSONStorage, persist } from "zustand/middleware";
import type { ComposeMode } from "./Composer";

interface Draft { text: string; mode: ComposeMode }
interface DraftState {
  drafts: Record<string, Draft>;
  setDraft(conversationId: string, draft: Partial<Draft>): void;
  clear(conversationId: string): void;
}

export const EMPTY_DRAFT: Draft = { text: "", mode: "reply" };

export const useDrafts = create<DraftState>()(
  persist(
    (set) => ({
      drafts: {},
      setDraft: (id, draft) => set((s) => ({ drafts: { ...s.drafts, [id]: { ...(s.drafts[id] ?? EMPTY_DRAFT), ...draft } } })),
      // A sent reply's draft is dropped, so the stored map holds unsent text only; note mode stays on after a
      // note (a second note must never go out as an SMS because the mode quietly flipped back).
      clear: (id) => set((s) => {
        const { [id]: sent, ...rest } = s.drafts;
        return { drafts: sent?.mode === "note" ? { ...rest, [id]: { text: "", mode: "note" } } : rest };
      }),
    }),
    { name: "sidetext.drafts", storage: createJSONStorage(() => localStorage), partialize: (s) => ({ drafts: s.drafts }) },
  ),
);
