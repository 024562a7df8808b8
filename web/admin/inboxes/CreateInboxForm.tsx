// A new inbox on the simulator, Twilio or Telnyx. The server checks the credentials and keeps them sealed;
// the fields are write-only: cleared once sent, and no screen ever shows them again.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import type { Inbox } from "../../../src/protocol/entities";
import type { NewInboxInput } from "../admin-api";
import { useAdmin } from "../admin-context";
import { Field, FormError } from "../parts";
import { INBOXES } from "../queries";

type Carrier = NewInboxInput["carrier"];
const credentialFields: Record<Carrier, Array<{ key: string; label: string; secret: boolean; optional?: boolean; hint?: string }>> = {
  simulator: [],
  twilio: [
    { key: "accountSid", label: "Account SID", secret: false, hint: "AC followed by 32 characters, from the Twilio console." },
    { key: "authToken", label: "Auth token", secret: true },
  ],
  telnyx: [
    { key: "apiKey", label: "API key", secret: true },
    { key: "publicKey", label: "Public key", secret: false, hint: "The base64 public key from Telnyx: webhook signatures are checked with it." },
    { key: "messagingProfileId", label: "Messaging profile ID", secret: false, optional: true },
  ],
};

export function CreateInboxForm({ onCreated, onCancel }: { onCreated: (inbox: Inbox) => void; onCancel: () => void }) {
  const { api } = useAdmin();
  const queries = useQueryClient();
  const [name, setName] = useState("");
  const [phoneNumber, setPhoneNumber] = useState("");
  const [carrier, setCarrier] = useState<Carrier>("twilio");
  const [credentials, setCredentials] = useState<Record<string, string>>({});
  const create = useMutation({
    mutationFn: (input: NewInboxInput) => api.createInbox(input),
    onSuccess: (inbox) => {
      setCredentials({});
      void queries.invalidateQueries({ queryKey: INBOXES });
      onCreated(inbox);
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const given = Object.fromEntries(Object.entries(credentials).filter(([k, v]) => v.trim() && credentialFields[carrier].some((f) => f.key === k)));
    create.mutate({ name, phoneNumber, carrier, ...(carrier === "simulator" ? {} : { credentials: given }) });
  };
  return (
    <form className="adm-form adm-card" onSubmit={submit} data-testid="create-inbox" aria-labelledby="adm-new-inbox">
      <h3 id="adm-new-inbox">New inbox</h3>
      <Field label="Name" hint="What teammates see, e.g. Front desk.">
        {(id) => <input id={id} required maxLength={100} value={name} onChange={(e) => setName(e.target.value)} />}
      </Field>
      <Field label="Phone number" hint="The business number on the carrier, e.g. +14155550100.">
        {(id) => <input id={id} type="tel" required value={phoneNumber} onChange={(e) => setPhoneNumber(e.target.value)} />}
      </Field>
      <Field label="Carrier">
        {(id) => (
          <select id={id} value={carrier} onChange={(e) => setCarrier(e.target.value as Carrier)}>
            <option value="twilio">Twilio</option>
            <option value="telnyx">Telnyx</option>
            <option value="simulator">Simulator (demo and tests: no real texts)</option>
          </select>
        )}
      </Field>
      {credentialFields[carrier].map((f) => (
        <Field key={`${carrier}-${f.key}`} label={f.optional ? `${f.label} (optional)` : f.label} hint={f.hint}>
          {(id) => (
            <input
              id={id}
              type={f.secret ? "password" : "text"}
              autoComplete="off"
              spellCheck={false}
              required={!f.optional}
              value={credentials[f.key] ?? ""}
              onChange={(e) => setCredentials((c) => ({ ...c, [f.key]: e.target.value }))}
            />
          )}
        </Field>
      ))}
      {carrier !== "simulator" && <p className="st-hint">The server checks these and stores them encrypted; they are never shown again.</p>}
      <FormError error={create.error} />
      <div className="st-hstack">
        <button type="submit" className="st-btn st-btn-primary" disabled={create.isPending}>
          {create.isPending ? "Creating…" : "Create inbox"}
        </button>
        <button type="button" className="st-btn" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
