// The pre-send check under the reply box: what would go wrong if this draft went now — a character that makes
// it Unicode (named, with the SMS it costs and a GSM-7 rewrite), values a template left empty, quiet hours
// where the recipient is (with "send when it opens"), an opt-out, a landline. Says nothing when all is well.
import { useEffect, useState } from "react";
import type { RecipientCheck } from "../../protocol/scheduled-sends";
import { useOptionalClient } from "../common/client-context";
import { presendFlags, type PresendFlag } from "./presend-rules";

const RECHECK_MS = 60_000;

/** The recipient as the server sees them now (local time, quiet hours, line type), checked again each minute; null without a worker or a conversation. */
export function useRecipient(conversationId: string | undefined): RecipientCheck | null {
  const client = useOptionalClient();
  const [recipient, setRecipient] = useState<RecipientCheck | null>(null);
  useEffect(() => {
    let live = true;
    setRecipient(null);
    if (!client || !conversationId) return;
    const load = () =>
      void client.send({ type: "recipient.check", conversationId }).then((r) => {
        if (live && r.ok) setRecipient(r.data.recipient);
      });
    load();
    const timer = setInterval(load, RECHECK_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [client, conversationId]);
  return recipient;
}

/** "Tue 08:00" in the recipient's own zone. */
export const theirTime = (iso: string, timeZone: string | undefined) =>
  new Date(iso).toLocaleString("en-US", { timeZone, weekday: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });

interface Props {
  conversationId: string;
  text: string;
  onReplace(text: string): void;
  /** Schedules the draft for when quiet hours end where the recipient is. */
  onSendAt?(sendAt: string): void;
}

function PresendCheckWithClient({ conversationId, text, onReplace, onSendAt }: Props) {
  const recipient = useRecipient(conversationId);
  const flags = presendFlags(text, recipient);
  if (flags.length === 0) return null;
  return (
    <ul className="st-presend" data-testid="presend-check" aria-label="Before you send">
      {flags.map((f) => (
        <li key={f.kind} data-flag={f.kind} className={f.kind === "optedOut" ? "is-blocking" : ""}>
          <FlagText flag={f} onReplace={onReplace} onSendAt={onSendAt} />
        </li>
      ))}
    </ul>
  );
}

function FlagText({ flag, onReplace, onSendAt }: { flag: PresendFlag } & Pick<Props, "onReplace" | "onSendAt">) {
  switch (flag.kind) {
    case "optedOut":
      return <>This contact opted out: texts to them are blocked.</>;
    case "ucs2": {
      const chars = flag.characters.map((c) => `“${c}”`).join(" ");
      return (
        <>
          {`${chars} ${flag.characters.length > 1 ? "make" : "makes"} this Unicode (UCS-2): ${flag.segments} SMS`}
          {flag.fixed !== null && flag.gsmSegments !== null && (
            <>
              {` instead of ${flag.gsmSegments}. `}
              <button type="button" className="st-link" onClick={() => onReplace(flag.fixed ?? "")}>
                Use plain characters
              </button>
            </>
          )}
          {flag.fixed === null && " (70 characters per SMS; no plain-text look-alike for it)."}
        </>
      );
    }
    case "missingValues":
      return <>{`No value for ${flag.names.map((n) => `{{${n}}}`).join(", ")}: the customer would see the braces.`}</>;
    case "quietHours":
      return (
        <>
          {`It is ${flag.localTime} for the recipient (${flag.timeZones.join(" / ")}), outside the ${flag.window} texting window.`}
          {flag.opensAt && onSendAt && (
            <>
              {" "}
              <button type="button" className="st-link" data-testid="send-when-open" onClick={() => onSendAt(flag.opensAt ?? "")}>
                {`Send at ${theirTime(flag.opensAt, flag.timeZones[0])} their time`}
              </button>
            </>
          )}
        </>
      );
    case "landline":
      return <>This number looks like a landline: a text may never arrive.</>;
  }
}

/** Only inside a view with a worker behind it; a thread shown without one (a component test) goes without. */
export function PresendCheck(props: Props) {
  return useOptionalClient() ? <PresendCheckWithClient {...props} /> : null;
}
