// The CRM side panel: the record open in this tab → its number (switcher when several) → that number's
// conversation in the rep's inbox (picker when several), or a way to start one. When the page shows no
// number (or not the right one) the rep types one or picks it on the page.
import { useMemo, useState, type ReactNode } from "react";
import type { Topic } from "../../protocol/messages";
import type { CrmPhone } from "../../protocol/record";
import { CHOICE_REASONS, choosePhone } from "./choose-number";
import { useClient } from "../common/client-context";
import { EmptyState, Loading } from "../common/EmptyState";
import { NumberEntry } from "./NumberEntry";
import { PanelNumber } from "./PanelNumber";
import { StatusBanner } from "../common/StatusBanner";
import { useUserStorage } from "../common/user-storage";
import { WhyNumber } from "./WhyNumber";

const SESSION = { type: "session" } as const;
const THIS_TAB = { type: "record" } as const;

interface Props {
  onSignIn?(): void;
  /** The panel in a CRM tab follows its own tab; Chrome's side panel names the active tab. */
  recordTopic?: Extract<Topic, { type: "record" }>;
  /** Shown at the foot of the panel (Chrome's side panel: a way to the whole inbox). */
  footer?: ReactNode;
}

export function PanelApp({ onSignIn, recordTopic = THIS_TAB, footer }: Props) {
  const client = useClient();
  const session = client.useSubscription(SESSION);
  const country = session?.settings.defaultCountry ?? "US";
  useUserStorage(session ? (session.user?.id ?? null) : undefined);
  const recordSnapshot = client.useSubscription(recordTopic);
  const record = recordSnapshot?.record ?? null;
  const picked = record ? (recordSnapshot?.picked ?? null) : null;
  // The record's numbers, and the one the rep gave when it is not among them.
  const shownRecord = useMemo(() => {
    if (!record || !picked || record.phones.some((p) => p.e164 === picked.phone.e164)) return record;
    return { ...record, phones: [...record.phones, picked.phone] };
  }, [record, picked]);
  const phones: CrmPhone[] = shownRecord?.phones ?? [];
  // The number picked with the switcher, remembered for the record (and the rep's last pick) it was made on.
  const [chosen, setChosen] = useState<{ url: string; pickedAt: string | null; e164: string } | null>(null);
  const [entryOpen, setEntryOpen] = useState(false);
  const switched =
    record && chosen?.url === record.url && chosen.pickedAt === (picked?.at ?? null) && phones.some((p) => p.e164 === chosen.e164) ? chosen.e164 : null;
  const preferred = record ? choosePhone(record.phones, recordSnapshot?.lastMessageAt) : null;
  const e164 = switched ?? picked?.phone.e164 ?? preferred?.e164 ?? null;
  const reason = CHOICE_REASONS[switched ? "switched" : picked ? "picked" : (preferred?.reason ?? "first")];

  let body: ReactNode;
  if (!session || !recordSnapshot) body = <Loading label="Connecting to Sidetext…" />;
  else if (!record)
    body = <EmptyState title="Open a contact in your CRM" hint="Sidetext shows the team's texts with the person on the record open in this tab." />;
  else if (!e164) {
    body = (
      <EmptyState
        testId="no-number"
        title="No phone number on this record"
        hint={`Sidetext found no phone number on ${record.name ?? "this record"}. Type the number, or pick it on the page.`}
        action={<NumberEntry country={country} />}
      />
    );
  } else {
    body = (
      <PanelNumber
        key={`${record.url}|${e164}`}
        e164={e164}
        record={shownRecord ?? record}
        session={session}
        onPhoneChange={(next) => setChosen({ url: record.url, pickedAt: picked?.at ?? null, e164: next })}
      />
    );
  }
  return (
    <div className="st-app st-panel">
      <StatusBanner session={session} onSignIn={onSignIn} />
      {body}
      {record && (
        <div className="st-panel-tools">
          <WhyNumber
            phones={phones}
            shown={e164}
            reason={reason}
            beside={
              e164 && (
                <button type="button" className="st-link" aria-expanded={entryOpen} onClick={() => setEntryOpen(!entryOpen)}>
                  Not the right number?
                </button>
              )
            }
          />
          {e164 && entryOpen && <NumberEntry country={country} autoFocus />}
        </div>
      )}
      {footer && <div className="st-panel-tools st-panel-tools-row">{footer}</div>}
    </div>
  );
}
