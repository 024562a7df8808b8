// What came back from the AI service, for the rep to judge: a rewrite with its before/after characters and
// segments (accept, edit, discard), or a translation with its back-translation (send exactly this, or not).
import type { TextStats } from "../../../protocol/ai";
import type { Panel } from "./ComposerAi";
import { languageName } from "./language-name";

const stats = (s: TextStats) => `${s.chars} chars · ${s.segments} SMS${s.encoding === "UCS-2" ? " (UCS-2)" : ""}`;

export function RewriteResult({ panel, onReplace, onClose }: { panel: Extract<Panel, { kind: "rewrite" }>; onReplace(t: string): void; onClose(): void }) {
  const { result } = panel;
  const use = () => {
    onReplace(result.text);
    onClose();
  };
  return (
    <div className="st-picker" data-testid="ai-result" data-state="rewrite" style={{ padding: 8 }} role="dialog" aria-label="AI rewrite">
      <div className="st-hint" data-testid="ai-stats">
        Before {stats(result.before)} → after {stats(result.after)}
      </div>
      <p className="st-bubble-text" data-testid="ai-result-text" style={{ margin: "6px 0", whiteSpace: "pre-wrap" }}>
        {result.text}
      </p>
      {result.normalised.length > 0 && <div className="st-hint">Kept to plain SMS characters: {result.normalised.join(", ")}</div>}
      <div style={{ display: "flex", gap: 6, marginTop: 6 }}>
        <button type="button" className="st-btn st-btn-primary st-btn-small" data-testid="ai-accept" onClick={use}>
          Use this
        </button>
        <button type="button" className="st-btn st-btn-small" data-testid="ai-edit" onClick={use} title="Put it in the composer to change it before sending">
          Edit
        </button>
        <button type="button" className="st-btn st-btn-small" data-testid="ai-discard" onClick={onClose}>
          Discard
        </button>
      </div>
    </div>
  );
}

export function TranslationReview(props: {
  panel: Extract<Panel, { kind: "review" }>;
  stale: boolean;
  onSend(body: string): void;
  onRetranslate(): void;
  onClose(): void;
}) {
  const { result } = props.panel;
  const name = languageName(result.to);
  return (
    <div className="st-picker" data-testid="translation-review" style={{ padding: 8 }} role="dialog" aria-label={`Your reply in ${name}`}>
      <div className="st-hint">Your reply in {name} — this is what the customer receives:</div>
      <p className="st-bubble-text" data-testid="translation-text" lang={result.to} style={{ margin: "4px 0", whiteSpace: "pre-wrap", fontWeight: 500 }}>
        {result.translation}
      </p>
      <div className="st-hint">What it says, translated back:</div>
      <p className="st-bubble-text" data-testid="back-translation" style={{ margin: "4px 0", whiteSpace: "pre-wrap", fontStyle: "italic" }}>
        {result.backTranslation}
      </p>
      <div className="st-hint">
        Before {stats(result.before)} → in {name} {stats(result.after)}
      </div>
      {props.stale ? (
        <div className="st-bubble-warn" role="status">
          Your draft changed since this translation.{" "}
          <button type="button" className="st-link" onClick={props.onRetranslate}>
            Translate again
          </button>
        </div>
      ) : null}
      <div style={{ display: "flex", gap: 6, marginTop: 6 }}>
        <button
          type="button"
          className="st-btn st-btn-primary st-btn-small"
          data-testid="send-translation"
          disabled={props.stale}
          onClick={() => props.onSend(result.translation)}
        >
          Send in {name}
        </button>
        <button type="button" className="st-btn st-btn-small" onClick={props.onClose}>
          Cancel
        </button>
      </div>
    </div>
  );
}
