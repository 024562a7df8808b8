// Unsent drafts per conversation, kept in the extension's localStorage: hopping between threads, or the
// popup closing on an outside click, never loses a half-written reply. Drafts belong to the user who wrote
// them: they are shown only to that user, dropped when someone else signs in on this browser profile, and
// cleared on sign-out (./user-storage.ts).
import { create } from "zustand";
import { createJSONStorage, persist } from "zustand/middleware";
import type { ComposeMode } from "../thread/Composer";

interface Draft {
  text: string;
  mode: ComposeMode;
}
interface DraftState {
  /** Whose drafts these are (persisted with them). */
  owner: string | null;
  drafts: Record<string, Draft>;
  /** The signed-in user as this view knows it: undefined until the session arrives, null when signed out. */
  viewer: string | null | undefined;
  setViewer(userId: string | null): void;
  setDraft(conversationId: string, draft: Partial<Draft>): void;
  clear(conversationId: string): void;
}

const EMPTY_DRAFT: Draft = { text: "", mode: "reply" };

export const useDrafts = create<DraftState>()(
  persist(
    (set) => ({
      owner: null,
      drafts: {},
      viewer: undefined,
      setViewer: (userId) =>
        set((s) => {
          if (userId === null) return { viewer: null, owner: null, drafts: {} };
          return s.owner === userId ? { viewer: userId } : { viewer: userId, owner: userId, drafts: {} };
        }),
      setDraft: (id, draft) =>
        set((s) => ({
          owner: s.viewer ?? s.owner,
          drafts: { ...s.drafts, [id]: { ...(s.drafts[id] ?? EMPTY_DRAFT), ...draft } },
        })),
      // A sent reply's draft is dropped, so the stored map holds unsent text only; note mode stays on after a
      // note (a second note must never go out as an SMS because the mode quietly flipped back).
      clear: (id) =>
        set((s) => {
          const { [id]: sent, ...rest } = s.drafts;
          return { drafts: sent?.mode === "note" ? { ...rest, [id]: { text: "", mode: "note" } } : rest };
        }),
    }),
    {
      name: "sidetext.drafts",
      version: 1, // 0 had no owner: those drafts are dropped rather than shown to whoever signs in next
      migrate: () => ({ owner: null, drafts: {} }),
      storage: createJSONStorage(() => localStorage),
      partialize: (s) => ({ owner: s.owner, drafts: s.drafts }),
    },
  ),
);

/** Whether the stored drafts may be shown: they are the signed-in user's (or nobody's yet, this session). */
const mayShow = (s: DraftState) => (s.viewer === undefined ? s.owner === null : s.viewer !== null && s.viewer === s.owner);

/** The draft of a conversation, hidden until the view knows the signed-in user wrote it. */
export function useDraft(key: string): Draft {
  return useDrafts((s) => (mayShow(s) ? s.drafts[key] : undefined)) ?? EMPTY_DRAFT;
}
