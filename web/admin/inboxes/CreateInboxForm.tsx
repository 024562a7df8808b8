// A new inbox on the simulator, Twilio or Telnyx. The server checks the credentials and keeps them sealed;
// the fields are write-only: cleared once sent, and no screen ever shows them again.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import type { Inbox } from "../../../src/protocol/entities";
import type { NewInboxInput } from "../admin-api";
import { useAdmin } from "../admin-context";
import { Field, FormError, useFocusOnShow } from "../parts";
import { INBOXES } from "../queries";
import { type Carrier, CredentialInputs, pickCredentials } from "./credential-fields";

export function CreateInboxForm({ onCreated, onCancel }: { onCreated: (inbox: Inbox) => void; onCancel: () => void }) {
  const { api } = useAdmin();
  const queries = useQueryClient();
  const [name, setName] = useState("");
  const nameRef = useFocusOnShow<HTMLInputElement>();
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
    create.mutate({ name, phoneNumber, carrier, ...(carrier === "simulator" ? {} : { credentials: pickCredentials(carrier, credentials) }) });
  };
  return (
    <form className="adm-form adm-card" onSubmit={submit} data-testid="create-inbox" aria-labelledby="adm-new-inbox">
      <h3 id="adm-new-inbox">New inbox</h3>
      <Field label="Name" hint="What teammates see, e.g. Front desk.">
        {(id) => <input id={id} ref={nameRef} required maxLength={100} value={name} onChange={(e) => setName(e.target.value)} />}
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
      <CredentialInputs carrier={carrier} values={credentials} onChange={setCredentials} />
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
