// A User Timing mark when a conversation's messages first reach the screen, for bench/panel.ts (record on
// screen → thread painted) and DevTools' Performance panel. The mark's detail is the conversation id.
import { useEffect } from "react";

const THREAD_PAINTED = "sidetext:thread-painted";

export function useThreadPaintedMark(conversationId: string, hasMessages: boolean): void {
  useEffect(() => {
    if (!hasMessages || typeof performance.mark !== "function") return;
    // The frame after the commit: the messages have been painted by then.
    const frame = requestAnimationFrame(() => performance.mark(THREAD_PAINTED, { detail: conversationId }));
    return () => cancelAnimationFrame(frame);
  }, [conversationId, hasMessages]);
}
