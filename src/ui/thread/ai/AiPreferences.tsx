// The rep's language (texts in other languages offer "Translate") and whether to translate them at once.
import type { AiStatus } from "../../../protocol/ai";
import type { ViewClient } from "../../common/client-context";
import { react } from "./react-bridge";
import { languageName } from "./language-name";

const COMMON = ["en", "es", "fr", "de", "it", "pt", "nl", "pl", "ru", "uk", "tr", "ar", "hi", "vi", "tl", "zh", "ja", "ko"];

export function AiPreferences({ client, status, onStatus }: { client: ViewClient; status: AiStatus; onStatus(s: AiStatus): void }) {
  const [error, setError] = react.useState<string | null>(null);
  const save = async (preferences: { language?: string; autoTranslate?: boolean }) => {
    const r = await client.send({ type: "ai.preferences", preferences });
    if (r.ok) onStatus(r.data);
    setError(r.ok ? null : r.error.message);
  };
  const choices = COMMON.includes(status.language) ? COMMON : [status.language, ...COMMON];
  return (
    <div className="st-hint" style={{ padding: "2px 8px", display: "flex", gap: 8, flexWrap: "wrap", alignItems: "center" }}>
      <label>
        My language{" "}
        <select value={status.language} onChange={(e) => void save({ language: e.target.value })} data-testid="ai-my-language">
          {choices.map((code) => (
            <option key={code} value={code}>
              {languageName(code)}
            </option>
          ))}
        </select>
      </label>
      <label>
        <input type="checkbox" checked={status.autoTranslate} onChange={(e) => void save({ autoTranslate: e.target.checked })} /> Translate texts automatically
      </label>
      {error && <span role="alert">{error}</span>}
    </div>
  );
}
