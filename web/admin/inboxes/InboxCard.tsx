// One inbox as its admin manages it: the number and carrier, the webhook URL to paste into the carrier's
// console, and who works in it (add or remove one teammate at a time).
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { ManagedInbox, Teammate } from "../../../src/protocol/admin";
import { formatPhone } from "../../../src/core/phone";
import { useAdmin } from "../admin-context";
import { ConfirmButton, CopyButton, Field, FormError } from "../parts";
import { INBOXES } from "../queries";
import { InboxDetails } from "./InboxDetails";
import { ReplaceCredentials } from "./ReplaceCredentials";

const carrierNames = { simulator: "Simulator", twilio: "Twilio", telnyx: "Telnyx" } as const;
const pasteWhere = {
  twilio: "In the Twilio console, set this as the number's Messaging webhook (A message comes in, HTTP POST).",
  telnyx: "In the Telnyx portal, set this as the messaging profile's inbound webhook URL.",
} as const;

export function InboxCard({ inbox, teammates }: { inbox: ManagedInbox; teammates: Teammate[] }) {
  const { api } = useAdmin();
  const queries = useQueryClient();
  const [adding, setAdding] = useState("");
  const membership = useMutation({
    mutationFn: ({ userId, member }: { userId: string; member: boolean }) => api.setMember(inbox.id, userId, member),
    onSuccess: () => {
      setAdding("");
      void queries.invalidateQueries({ queryKey: INBOXES });
    },
  });
  const members = teammates.filter((t) => inbox.memberIds.includes(t.id));
  const others = teammates.filter((t) => !inbox.memberIds.includes(t.id) && !t.deactivatedAt);
  const titleId = `adm-inbox-${inbox.id}`;
  return (
    <article className="adm-card" aria-labelledby={titleId} data-testid="admin-inbox">
      <h3 id={titleId}>{inbox.name}</h3>
      <p className="is-muted">
        {formatPhone(inbox.phoneNumber)} · {carrierNames[inbox.carrier]}
        {inbox.carrier !== "simulator" && " · credentials stored, hidden"}
      </p>
      <InboxDetails key={`${inbox.name}|${inbox.helpText}`} inbox={inbox} />
      {inbox.webhookUrl && inbox.carrier !== "simulator" && (
        <Field label="Webhook URL" hint={pasteWhere[inbox.carrier]}>
          {(id) => (
            <div className="adm-copy-row">
              <input id={id} readOnly value={inbox.webhookUrl ?? ""} onFocus={(e) => e.target.select()} data-testid="webhook-url" />
              <CopyButton text={inbox.webhookUrl ?? ""} label={`Copy the webhook URL of ${inbox.name}`} testId="copy-webhook-url" />
            </div>
          )}
        </Field>
      )}
      {(inbox.carrier === "twilio" || inbox.carrier === "telnyx") && <ReplaceCredentials inbox={{ ...inbox, carrier: inbox.carrier }} />}
      <h4>Members</h4>
      {members.length === 0 ? (
        <p className="st-hint">Nobody works in this inbox yet: add a teammate below.</p>
      ) : (
        <ul className="adm-list" aria-label={`Members of ${inbox.name}`}>
          {members.map((m) => (
            <li key={m.id} className="adm-row">
              <span>
                {m.name} <span className="is-muted">{m.email}</span>
              </span>
              <ConfirmButton
                label="Remove"
                question={`Remove ${m.name} from ${inbox.name}? They stop seeing its conversations.`}
                confirmLabel="Remove"
                busy={membership.isPending}
                onConfirm={() => membership.mutate({ userId: m.id, member: false })}
                testId="remove-member"
              />
            </li>
          ))}
        </ul>
      )}
      {others.length > 0 && (
        <form
          className="adm-inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (adding) membership.mutate({ userId: adding, member: true });
          }}
        >
          <Field label={`Add a member to ${inbox.name}`}>
            {(id) => (
              <select id={id} value={adding} onChange={(e) => setAdding(e.target.value)} data-testid="add-member-select">
                <option value="">Choose a teammate…</option>
                {others.map((t) => (
                  <option key={t.id} value={t.id}>
                    {t.name} ({t.email})
                  </option>
                ))}
              </select>
            )}
          </Field>
          <button type="submit" className="st-btn" disabled={!adding || membership.isPending} data-testid="add-member">
            Add
          </button>
        </form>
      )}
      <FormError error={membership.error} />
    </article>
  );
}
