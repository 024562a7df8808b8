// Brand voice by location: HQ (owners and admins) writes each location's voice — empty follows the workspace's
// — and decides whether that location's admins may write their own. A location's admins see theirs, and edit
// it only when HQ allows. The "Brand voice" rewrite of a conversation follows its inbox's location.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useId, useState } from "react";
import type { LocationBrandVoice, LocationBrandVoicePatch, LocationBrandVoicesResponse } from "../../../src/protocol/ai";
import { useAdmin } from "../admin-context";
import { FormError, QueryGate } from "../parts";

/** Its own key under the AI settings' (a change of the workspace voice refreshes it: AiSection.tsx). */
export const VOICES = ["admin", "ai", "brand-voices"] as const;

export function LocationVoices() {
  const { api } = useAdmin();
  const query = useQuery({ queryKey: VOICES, queryFn: api.brandVoices });
  return (
    <section aria-labelledby="adm-ai-voices" data-testid="ai-location-voices" style={{ marginTop: 24 }}>
      <h3 id="adm-ai-voices">Brand voice by location</h3>
      <QueryGate what="the locations' brand voices" isPending={query.isPending} error={query.error} retry={() => query.refetch()}>
        {query.data && (
          <>
            <p className="st-hint">
              A location's conversations follow its own voice; a location left empty follows the workspace's
              {query.data.workspaceVoice ? ` ("${query.data.workspaceVoice}")` : " (none set above)"}.
            </p>
            {query.data.locations.length === 0 ? (
              <p className="st-hint">You administer no location.</p>
            ) : (
              query.data.locations.map((v) => <LocationVoice key={v.locationId} saved={v} />)
            )}
          </>
        )}
      </QueryGate>
    </section>
  );
}

function LocationVoice({ saved }: { saved: LocationBrandVoice }) {
  const { api } = useAdmin();
  const queries = useQueryClient();
  const id = useId();
  const [voice, setVoice] = useState(saved.brandVoice);
  useEffect(() => setVoice(saved.brandVoice), [saved.brandVoice]);
  const save = useMutation({
    mutationFn: (patch: LocationBrandVoicePatch) => api.changeBrandVoice(saved.locationId, patch),
    onSuccess: (next) =>
      queries.setQueryData<LocationBrandVoicesResponse>(VOICES, (old) =>
        old ? { ...old, locations: old.locations.map((l) => (l.locationId === next.locationId ? next : l)) } : old,
      ),
  });
  const dirty = voice.trim() !== saved.brandVoice;
  return (
    <form
      className="adm-form"
      style={{ marginTop: 12 }}
      data-testid={`ai-voice-${saved.locationId}`}
      onSubmit={(e) => {
        e.preventDefault();
        if (dirty) save.mutate({ brandVoice: voice.trim() });
      }}
    >
      <label htmlFor={id}>
        <strong>{saved.locationName}</strong>
      </label>
      <textarea
        id={id}
        rows={2}
        maxLength={1000}
        value={voice}
        readOnly={!saved.canEdit}
        placeholder="Empty: follows the workspace's voice"
        onChange={(e) => setVoice(e.target.value)}
      />
      {!saved.canEdit && <p className="st-hint">HQ sets this location's voice; ask an owner or admin to change it or to let you edit it.</p>}
      <div className="st-hstack">
        {saved.canEdit && (
          <button type="submit" className="st-btn st-btn-small st-btn-primary" disabled={!dirty || save.isPending}>
            {save.isPending ? "Saving…" : "Save voice"}
          </button>
        )}
        {saved.canAllow ? (
          <label className="st-hint">
            <input
              type="checkbox"
              checked={saved.locationMayEdit}
              disabled={save.isPending}
              onChange={(e) => save.mutate({ locationMayEdit: e.target.checked })}
              data-testid="ai-voice-location-may-edit"
            />{" "}
            Location admins may edit
          </label>
        ) : (
          <span className="st-hint">{saved.locationMayEdit ? "HQ lets this location edit its voice." : ""}</span>
        )}
        <span className="st-hint" aria-live="polite">
          {dirty ? "Unsaved changes." : save.isSuccess ? "Saved." : ""}
        </span>
      </div>
      <FormError error={save.error} />
    </form>
  );
}
