// Inboxes: the business numbers an admin manages, a new one on a carrier, the webhook URL, members.
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { EmptyState } from "../../../src/ui/common/EmptyState";
import { useAdmin } from "../admin-context";
import { QueryGate, useFocusOnShow } from "../parts";
import { INBOXES, TEAMMATES } from "../queries";
import { CreateInboxForm } from "./CreateInboxForm";
import { InboxCard } from "./InboxCard";

export function InboxesSection() {
  const { api } = useAdmin();
  const inboxes = useQuery({ queryKey: INBOXES, queryFn: api.inboxes });
  const teammates = useQuery({ queryKey: TEAMMATES, queryFn: api.teammates });
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<string | null>(null);
  const fresh = inboxes.data?.find((i) => i.id === created);
  // The form closes on success: the focus moves to what says the inbox is ready, not back to the page's top.
  const freshRef = useFocusOnShow<HTMLParagraphElement>(fresh?.id);
  return (
    <section aria-labelledby="adm-inboxes-title" className="adm-section">
      <div className="adm-section-head">
        <h2 id="adm-inboxes-title">Inboxes</h2>
        {!creating && (
          <button type="button" className="st-btn st-btn-primary" onClick={() => setCreating(true)} data-testid="new-inbox">
            New inbox
          </button>
        )}
      </div>
      {creating && (
        <CreateInboxForm
          onCancel={() => setCreating(false)}
          onCreated={(inbox) => {
            setCreating(false);
            setCreated(inbox.id);
          }}
        />
      )}
      {fresh && (
        <p className="adm-notice" role="status" data-testid="inbox-created" ref={freshRef} tabIndex={-1}>
          {fresh.name} is ready.
          {fresh.webhookUrl ? " Paste its webhook URL (below) into the carrier's console so its texts reach Sidetext." : " Its teammates see it now."}
        </p>
      )}
      <QueryGate
        what="inboxes"
        isPending={inboxes.isPending || teammates.isPending}
        error={inboxes.error ?? teammates.error}
        retry={() => {
          void inboxes.refetch();
          void teammates.refetch();
        }}
      >
        {inboxes.data?.length === 0 ? (
          <EmptyState title="No inboxes yet" hint="Create one with New inbox: a Twilio or Telnyx number, or the simulator to try Sidetext out." />
        ) : (
          <div className="adm-cards">
            {inboxes.data?.map((inbox) => (
              <InboxCard key={inbox.id} inbox={inbox} teammates={teammates.data ?? []} />
            ))}
          </div>
        )}
      </QueryGate>
    </section>
  );
}
