// "Translate" under a customer's text written in another language than the rep's (or the translation at once,
// when the rep chose to translate automatically). The bubble above keeps the original; the translation is
// shown as text, labelled, and hidden again with one click. Only this text is sent to the AI service.
import type { AiStatus } from "../../../protocol/ai";
import type { Message } from "../../../protocol/entities";
import type { ViewClient } from "../../common/client-context";
import { useConversationLanguages } from "./conversation-languages";
import { languageName } from "./language-name";
import { react } from "./react-bridge";

type State = { kind: "idle" } | { kind: "loading" } | { kind: "shown"; text: string } | { kind: "hidden"; text: string } | { kind: "failed"; reason: string };

export function MessageTranslate({ message, status, client }: { message: Message; status: AiStatus; client: ViewClient }) {
  const languages = useConversationLanguages(client, message.conversationId, message.id);
  const from = languages?.messages[message.id] ?? null;
  const foreign = !!from && from !== status.language;
  const [state, setState] = react.useState<State>({ kind: "idle" });

  const translate = react.useCallback(async () => {
    setState({ kind: "loading" });
    const r = await client.send({ type: "ai.translate", conversationId: message.conversationId, messageIds: [message.id] });
    const text = r.ok ? r.data.translations[0]?.text : undefined;
    setState(text ? { kind: "shown", text } : { kind: "failed", reason: r.ok ? "No translation came back." : r.error.message });
  }, [client, message.conversationId, message.id]);

  const auto = foreign && status.autoTranslate && state.kind === "idle";
  react.useEffect(() => {
    if (auto) void translate();
  }, [auto, translate]);

  if (!foreign || !from) return null;
  const fromName = languageName(from);
  const toName = languageName(status.language);
  switch (state.kind) {
    case "idle":
      return (
        <div className="st-bubble-meta">
          <button
            type="button"
            className="st-link"
            data-testid="translate"
            onClick={() => void translate()}
            title={`Translate from ${fromName} into ${toName}. Only this text is sent to the AI service.`}
          >
            Translate from {fromName}
          </button>
        </div>
      );
    case "loading":
      return (
        <div className="st-bubble-meta" role="status">
          Translating from {fromName}…
        </div>
      );
    case "failed":
      return (
        <div className="st-bubble-error" role="alert">
          Could not translate: {state.reason}
          <button type="button" className="st-link" onClick={() => void translate()}>
            Try again
          </button>
        </div>
      );
    case "hidden":
      return (
        <div className="st-bubble-meta">
          <button type="button" className="st-link" onClick={() => setState({ kind: "shown", text: state.text })}>
            Show translation
          </button>
        </div>
      );
    case "shown":
      return (
        <div className="st-bubble st-bubble-in" data-testid="translation" lang={status.language} style={{ borderStyle: "dashed" }}>
          <p className="st-bubble-text">{state.text}</p>
          <div className="st-bubble-meta">
            {fromName} → {toName}, by AI ·{" "}
            <button type="button" className="st-link" data-testid="show-original" onClick={() => setState({ kind: "hidden", text: state.text })}>
              Show original only
            </button>
          </div>
        </div>
      );
  }
}
