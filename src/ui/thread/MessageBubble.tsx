// One SMS in the timeline. Bodies are rendered as React text children: never parsed as HTML.
import type { Message, User } from "../../protocol/entities";
import type { CrmLogStatus as CrmLog } from "../../protocol/crm";
import { bubbleTime, firstName, fullTime } from "../common/format";
import { CrmLogStatus } from "./CrmLogStatus";
import { AiMessageSlot } from "./ai/AiSlots";

const STATUS_WORDS: Record<Message["status"], string> = {
  received: "",
  queued: "Queued",
  sending: "Sending…",
  sent: "Sent",
  delivered: "Delivered",
  undelivered: "Not delivered",
  failed: "Failed",
};

export function MessageBubble({
  message,
  author,
  onResend,
  crmLog,
  onRetryCrmLog,
}: {
  message: Message;
  author?: User | null;
  onResend?: (body: string) => void;
  crmLog?: CrmLog[];
  onRetryCrmLog?: (messageId: string) => void;
}) {
  const outbound = message.direction === "outbound";
  const failed = message.status === "failed" || message.status === "undelivered";
  return (
    <div
      className={`st-bubble-row ${outbound ? "is-out" : "is-in"}`}
      data-testid="message"
      data-direction={message.direction}
      {...(outbound ? { "data-status": message.status } : {})}
    >
      <div className={`st-bubble ${outbound ? "st-bubble-out" : "st-bubble-in"} ${failed ? "is-failed" : ""}`}>
        {message.body && <p className="st-bubble-text">{message.body}</p>}
        {message.media.map((m) =>
          // Photos show inline (an <img> never runs script); anything else is a link to open it.
          m.contentType?.startsWith("image/") ? (
            <a key={m.url} className="st-media-photo" href={m.url} target="_blank" rel="noreferrer noopener">
              <img src={m.url} alt={m.fileName ? `Photo: ${m.fileName}` : outbound ? "Photo sent" : "Photo from the customer"} loading="lazy" />
            </a>
          ) : (
            <a key={m.url} className="st-media" href={m.url} target="_blank" rel="noreferrer noopener">
              {m.fileName ?? "Attachment"}
              {m.contentType ? ` (${m.contentType})` : ""}
            </a>
          ),
        )}
      </div>
      <div className="st-bubble-meta" title={fullTime(message.createdAt)}>
        {outbound && author ? `${firstName(author)} · ` : ""}
        {bubbleTime(message.createdAt)}
        {outbound && <span className={`st-status st-status-${message.status}`}> · {STATUS_WORDS[message.status]}</span>}
      </div>
      {outbound && failed && (
        <div className="st-bubble-error" role="alert">
          {message.errorReason ?? "The carrier could not deliver this message."}
          {onResend && (
            <button type="button" className="st-link" onClick={() => onResend(message.body)}>
              Resend
            </button>
          )}
        </div>
      )}
      {outbound && message.deliveryOverdue && message.status === "sent" && (
        <div className="st-bubble-warn">No delivery receipt yet — the carrier may have filtered it.</div>
      )}
      <AiMessageSlot message={message} />
      {crmLog && <CrmLogStatus log={crmLog} onRetry={onRetryCrmLog} />}
    </div>
  );
}
