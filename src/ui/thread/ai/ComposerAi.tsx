// The composer's AI controls: "Rewrite" (fix, shorten, friendlier, professional, simpler, brand voice; "fit in
// N SMS") and "Send in <language>" when the contact writes in another language than the rep. Results open
// above the composer for review; nothing is sent without the rep's click, and a reviewed translation is sent
// exactly as shown (a changed draft must be translated again).
import type { ViewClient } from "../../common/client-context";
import { countSegments } from "../../../core/segments";
import type { RewriteAction, RewriteResponse, TranslateDraftResponse } from "../../../protocol/ai";
import type { AiStatus } from "../../../protocol/ai";
import type { ComposerAiProps } from "./AiSlots";
import { AiPreferences } from "./AiPreferences";
import { react } from "./react-bridge";
import { useConversationLanguages } from "./conversation-languages";
import { languageName } from "./language-name";
import { RewriteResult, TranslationReview } from "./AiResults";

const ACTION_LABELS: Record<RewriteAction, string> = {
  fix: "Fix spelling & grammar",
  shorten: "Shorten",
  friendlier: "Friendlier",
  professional: "More professional",
  simplify: "Simplify",
  brand: "Brand voice",
};

export type Panel =
  | { kind: "none" }
  | { kind: "loading"; what: string }
  | { kind: "failed"; reason: string; retry(): void }
  | { kind: "rewrite"; result: RewriteResponse; draft: string }
  | { kind: "review"; result: TranslateDraftResponse; draft: string };

export interface ComposerAiChunkProps extends ComposerAiProps {
  client: ViewClient;
  status: AiStatus;
  onStatus(status: AiStatus): void;
}

export function ComposerAi({ conversationId, draft, blocked, onReplace, onSend, client, status, onStatus }: ComposerAiChunkProps) {
  const [menu, setMenu] = react.useState(false);
  const [fit, setFit] = react.useState(false);
  const [panel, setPanel] = react.useState<Panel>({ kind: "none" });
  const languages = useConversationLanguages(client, conversationId);
  const theirs = languages?.contactLanguage ?? null;
  const text = draft.trim();
  const segments = Math.max(1, countSegments(text).segments);
  // A new conversation (or a sent draft) closes what was open for the old one.
  react.useEffect(() => setPanel({ kind: "none" }), [conversationId]);

  const rewrite = async (action: RewriteAction) => {
    setMenu(false);
    setPanel({ kind: "loading", what: `${ACTION_LABELS[action]}…` });
    const r = await client.send({ type: "ai.rewrite", draft: text, action, conversationId, ...(fit ? { fitSegments: segments } : {}) });
    setPanel(r.ok ? { kind: "rewrite", result: r.data, draft: text } : { kind: "failed", reason: r.error.message, retry: () => void rewrite(action) });
  };
  const translate = async () => {
    if (!conversationId || !theirs) return;
    setPanel({ kind: "loading", what: `Translating into ${languageName(theirs)}…` });
    const r = await client.send({ type: "ai.translateDraft", conversationId, draft: text, to: theirs });
    setPanel(r.ok ? { kind: "review", result: r.data, draft: text } : { kind: "failed", reason: r.error.message, retry: () => void translate() });
  };
  const close = () => setPanel({ kind: "none" });
  const off = blocked || !text;

  return (
    <>
      <div style={{ position: "relative", display: "inline-flex", gap: 4 }}>
        <button
          type="button"
          className="st-btn st-btn-ghost"
          data-testid="ai-rewrite"
          aria-haspopup="menu"
          aria-expanded={menu}
          disabled={off}
          title={off ? "Write a reply first" : "Rewrite the draft with AI (only the draft is sent)"}
          onClick={() => setMenu((m) => !m)}
        >
          Rewrite
        </button>
        {conversationId && theirs && theirs !== status.language && (
          <button
            type="button"
            className="st-btn st-btn-ghost"
            data-testid="send-in-language"
            disabled={off}
            title={`Translate your reply into ${languageName(theirs)} and review it before it is sent`}
            onClick={() => void translate()}
          >
            Send in {languageName(theirs)}
          </button>
        )}
      </div>
      {menu && (
        <div className="st-picker" role="menu" aria-label="Rewrite with AI" tabIndex={-1} onKeyDown={(e) => e.key === "Escape" && setMenu(false)}>
          <div className="st-picker-head">
            <span>Rewrite with AI</span>
            <button type="button" className="st-link" onClick={() => setMenu(false)}>
              Close
            </button>
          </div>
          <ul>
            {status.actions.map((action, i) => (
              <li key={action}>
                <button
                  type="button"
                  role="menuitem"
                  className="st-btn st-btn-ghost"
                  data-testid={`ai-action-${action}`}
                  // The menu opened from the keyboard lands on its first action; Escape closes it.
                  autoFocus={i === 0}
                  onClick={() => void rewrite(action)}
                >
                  {ACTION_LABELS[action]}
                </button>
              </li>
            ))}
          </ul>
          <label className="st-hint" style={{ display: "block", padding: "2px 8px" }}>
            <input type="checkbox" checked={fit} onChange={(e) => setFit(e.target.checked)} data-testid="ai-fit" /> Fit in {segments} SMS
          </label>
          <AiPreferences client={client} status={status} onStatus={onStatus} />
          <p className="st-hint" style={{ padding: "2px 8px 6px", margin: 0 }}>
            Only this draft is sent to the AI service: never the conversation or notes.
          </p>
        </div>
      )}
      {panel.kind === "loading" && (
        <div className="st-picker" role="status" data-testid="ai-loading" style={{ padding: 8 }}>
          {panel.what}
        </div>
      )}
      {panel.kind === "failed" && (
        <div className="st-picker" role="alert" data-testid="ai-result" data-state="failed" style={{ padding: 8 }}>
          <p style={{ margin: "0 0 6px" }}>{panel.reason}</p>
          <button type="button" className="st-btn st-btn-small" onClick={panel.retry}>
            Try again
          </button>{" "}
          <button type="button" className="st-btn st-btn-small" onClick={close}>
            Dismiss
          </button>
        </div>
      )}
      {panel.kind === "rewrite" && <RewriteResult panel={panel} onReplace={onReplace} onClose={close} />}
      {panel.kind === "review" && (
        <TranslationReview
          panel={panel}
          stale={panel.draft !== text}
          onSend={(body) => {
            close();
            onSend(body);
          }}
          onRetranslate={() => void translate()}
          onClose={close}
        />
      )}
    </>
  );
}
