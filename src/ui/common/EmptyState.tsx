// Empty and loading states that tell the rep what is going on and what to do next.
import type { ReactNode } from "react";

export function EmptyState({ title, hint, action, testId }: { title: string; hint?: ReactNode; action?: ReactNode; testId?: string }) {
  return (
    <div className="st-empty" role="status" data-testid={testId}>
      <div className="st-empty-title">{title}</div>
      {hint && <div className="st-empty-hint">{hint}</div>}
      {action && <div className="st-empty-action">{action}</div>}
    </div>
  );
}

export function Loading({ label }: { label: string }) {
  return (
    <div className="st-loading" role="status" aria-live="polite" data-testid="loading">
      <span className="st-spinner" aria-hidden="true" />
      {label}
    </div>
  );
}
