// Small pieces every section uses: a copy button, a destructive action that asks first, and the loading,
// error and empty states of a list, each saying what to do.
import { useEffect, useId, useRef, useState, type ReactNode } from "react";
import { EmptyState, Loading } from "../../src/ui/common/EmptyState";

/** Copies `text`; says "Copied" (or why not) where a screen reader hears it too. */
export function CopyButton({ text, label, testId }: { text: string; label: string; testId?: string }) {
  const [said, setSaid] = useState<string | null>(null);
  useEffect(() => {
    if (!said) return;
    const t = setTimeout(() => setSaid(null), 2500);
    return () => clearTimeout(t);
  }, [said]);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setSaid("Copied");
    } catch {
      setSaid("Copy failed: select the text and copy it yourself");
    }
  };
  return (
    <span className="adm-copy">
      <button type="button" className="st-btn st-btn-small" onClick={copy} aria-label={label} data-testid={testId}>
        Copy
      </button>
      <span className="st-hint" aria-live="polite">
        {said}
      </span>
    </span>
  );
}

/** A destructive action: the first press asks "Sure?" in place, with the consequence spelled out. */
export function ConfirmButton(props: { label: string; question: string; confirmLabel: string; onConfirm: () => void; busy?: boolean; testId?: string }) {
  const [asking, setAsking] = useState(false);
  const yes = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (asking) yes.current?.focus();
  }, [asking]);
  if (!asking)
    return (
      <button type="button" className="st-btn st-btn-small" onClick={() => setAsking(true)} disabled={props.busy} data-testid={props.testId}>
        {props.label}
      </button>
    );
  return (
    <fieldset className="adm-confirm">
      <legend>{props.question}</legend>
      <button
        ref={yes}
        type="button"
        className="st-btn st-btn-small adm-btn-danger"
        onClick={() => {
          setAsking(false);
          props.onConfirm();
        }}
        data-testid={props.testId && `${props.testId}-confirm`}
      >
        {props.confirmLabel}
      </button>
      <button type="button" className="st-btn st-btn-small" onClick={() => setAsking(false)}>
        Cancel
      </button>
    </fieldset>
  );
}

/** The states of a query before its data: loading, or an error with what to do and a way to try again. */
export function QueryGate(props: { what: string; isPending: boolean; error: Error | null; retry: () => void; children: ReactNode }) {
  if (props.isPending) return <Loading label={`Loading ${props.what}…`} />;
  // Trying again cannot help once the session ended or the role changed: say what can.
  const code = (props.error as { code?: string } | null)?.code;
  if (code === "unauthorized" || code === "forbidden")
    return (
      <EmptyState
        title={code === "unauthorized" ? "Sign in again to manage the workspace" : "Only owners and admins manage the workspace"}
        hint={
          code === "unauthorized"
            ? "Your session ended: you signed out elsewhere, or it expired. Reload the page to sign in."
            : "Your role changed since this page opened. Reload the page, or ask an owner for a change."
        }
        action={
          <button type="button" className="st-btn st-btn-primary" onClick={() => location.reload()}>
            Reload
          </button>
        }
      />
    );
  if (props.error)
    return (
      <EmptyState
        title={`Could not load ${props.what}`}
        hint={`${props.error.message} Check your connection and try again.`}
        action={
          <button type="button" className="st-btn st-btn-primary" onClick={props.retry}>
            Try again
          </button>
        }
      />
    );
  return <>{props.children}</>;
}

/** A mutation's failure under the form that made it. */
export function FormError({ error }: { error: Error | null }) {
  if (!error) return null;
  return (
    <p className="adm-error" role="alert">
      {error.message}
    </p>
  );
}

/** A ref that takes the focus when its element appears (a form just opened, a link just made), for keyboard users. */
export function useFocusOnShow<T extends HTMLElement>(when: unknown = true) {
  const ref = useRef<T>(null);
  useEffect(() => {
    if (when) ref.current?.focus();
  }, [when]);
  return ref;
}

/** A labelled field: the label names the control for screen readers and tests (getByLabelText). */
export function Field({ label, hint, children }: { label: string; hint?: ReactNode; children: (id: string) => ReactNode }) {
  const id = useId();
  return (
    <div className="adm-field">
      <label htmlFor={id}>{label}</label>
      {children(id)}
      {hint && <span className="st-hint">{hint}</span>}
    </div>
  );
}
