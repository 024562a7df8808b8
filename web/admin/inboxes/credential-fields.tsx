// The credentials each carrier takes, as the server's schemas name them (server/carriers/credentials.ts).
import type { NewInboxInput } from "../admin-api";
import { Field } from "../parts";

export type Carrier = NewInboxInput["carrier"];
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

/** The carrier's credential inputs: secrets as password fields, nothing remembered or filled by the browser. */
export function CredentialInputs(props: { carrier: Carrier; values: Record<string, string>; onChange: (values: Record<string, string>) => void }) {
  return (
    <>
      {credentialFields[props.carrier].map((f) => (
        <Field key={`${props.carrier}-${f.key}`} label={f.optional ? `${f.label} (optional)` : f.label} hint={f.hint}>
          {(id) => (
            <input
              id={id}
              type={f.secret ? "password" : "text"}
              autoComplete="off"
              spellCheck={false}
              required={!f.optional}
              value={props.values[f.key] ?? ""}
              onChange={(e) => props.onChange({ ...props.values, [f.key]: e.target.value })}
            />
          )}
        </Field>
      ))}
    </>
  );
}

/** What was typed for this carrier's fields (left-over fields of another carrier and blanks dropped). */
export const pickCredentials = (carrier: Carrier, values: Record<string, string>) =>
  Object.fromEntries(Object.entries(values).filter(([k, v]) => v.trim() && credentialFields[carrier].some((f) => f.key === k)));
