// The CRM side panel: the record open in this tab → its number (switcher when several) → that number's
// conversation in the rep's inbox (picker when several), or a way to start one.
import { useState } from "react";
import type { CrmPhone } from "../protocol/record";
import { useClient } from "./client-context";
import { EmptyState, Loading } from "./EmptyState";
import { PanelNumber } from "./PanelNumber";
import { toSessionInfo } from "./snapshot-adapters";
import { StatusBanner } from "./StatusBanner";
import { useUserStorage } from "./user-storage";

const SESSION = { type: "session" } as const;
const RECORD = { type: "record" } as const;

/** Mobile first: it is the number that can receive texts. */
export function preferredPhone(phones: CrmPhone[]): string | null {
  return (phones.find((p) => p.label === "mobile") ?? phones[0])?.e164 ?? null;
}

export function PanelApp({ onSignIn }: { onSignIn?(): void }) {
  const client = useClient();
  const sessionSnapshot = client.useSubscription(SESSION);
  const session = toSessionInfo(sessionSnapshot);
  useUserStorage(sessionSnapshot ? sessionSnapshot.user?.id ?? null : undefined);
  const recordSnapshot = client.useSubscription(RECORD);
  const record = recordSnapshot?.record ?? null;
  // The number picked with the switcher, remembered only for the record it was picked on.
  const [chosen, setChosen] = useState<{ url: string; e164: string } | null>(null);
  const e164 = record && chosen?.url === record.url && record.phones.some((p) => p.e164 === chosen.e164)
    ? chosen.e164
    : record ? preferredPhone(record.phones) : null;

  let body;
  if (!session || !recordSnapshot) body = <Loading label="Connecting to Sidetext…" />;
  else if (!record) body = <EmptyState title="Open a contact in your CRM" hint="Sidetext shows the team's texts with the person on the record open in this tab." />;
  else if (!e164) body = <EmptyState title="No phone number on this record" hint={`Sidetext found no phone number on ${record.name ?? "this record"}. Add one in the CRM and it appears here.`} />;
  else {
    body = (
      <PanelNumber
        key={`${record.url}|${e164}`}
        e164={e164}
        record={record}
        session={session}
        onPhoneChange={(next) => setChosen({ url: record.url, e164: next })}
      />
    );
  }
  return (
    <div className="st-app st-panel">
      <StatusBanner session={session} onSignIn={onSignIn} />
      {body}
    </div>
  );
}
