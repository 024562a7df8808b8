// What the framed panel (tabs/panel.tsx) shows when it is not the frame our content script mounted on this page:
// no token came with its channel, or the worker refused the one it presented. Nothing of the inbox; the first
// paint (src/crm/panel-first-paint.ts) goes with this commit (`onShown`).
import { useLayoutEffect } from "react";
import { EmptyState } from "~src/ui/common/EmptyState";

export function NotOurFrame({ onShown }: { onShown: () => void }) {
  useLayoutEffect(onShown, [onShown]);
  return (
    <div className="st-app st-panel">
      <EmptyState
        testId="panel-not-ours"
        title="Open Sidetext from the toolbar"
        hint="This panel was not opened by Sidetext on this page, so it shows nothing."
      />
    </div>
  );
}
