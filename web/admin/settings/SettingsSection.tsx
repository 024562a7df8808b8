// Workspace settings: the default country for numbers typed without one, the HELP answer new inboxes start
// with, the opt-out wording, and whether push notifications show the text.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { getCountries } from "libphonenumber-js";
import { useEffect, useMemo, useState, type FormEvent } from "react";
import type { WorkspaceSettings } from "../../../src/protocol/workspace";
import { useAdmin } from "../admin-context";
import { Field, FormError, QueryGate } from "../parts";

const SETTINGS = ["admin", "settings"] as const;
type Draft = Omit<WorkspaceSettings, "id" | "updatedAt">;

export function SettingsSection() {
  const { api } = useAdmin();
  const query = useQuery({ queryKey: SETTINGS, queryFn: api.settings });
  return (
    <section aria-labelledby="adm-settings-title" className="adm-section">
      <h2 id="adm-settings-title">Workspace settings</h2>
      <QueryGate what="the settings" isPending={query.isPending} error={query.error} retry={() => query.refetch()}>
        {query.data && <SettingsForm saved={query.data} />}
      </QueryGate>
    </section>
  );
}

function countryOptions(): Array<{ code: string; name: string }> {
  const names = new Intl.DisplayNames(["en"], { type: "region" });
  return getCountries()
    .map((code) => ({ code, name: names.of(code) ?? code }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

const draftOf = ({ defaultCountry, helpText, optOutText, hidePushPreview }: WorkspaceSettings): Draft => ({
  defaultCountry,
  helpText,
  optOutText,
  hidePushPreview,
});

function SettingsForm({ saved }: { saved: WorkspaceSettings }) {
  const { api } = useAdmin();
  const queries = useQueryClient();
  const [draft, setDraft] = useState<Draft>(() => draftOf(saved));
  useEffect(() => setDraft(draftOf(saved)), [saved]);
  const countries = useMemo(countryOptions, []);
  const changes = Object.fromEntries(Object.entries(draft).filter(([k, v]) => saved[k as keyof Draft] !== v)) as Partial<Draft>;
  const save = useMutation({
    mutationFn: () => api.changeSettings(changes),
    onSuccess: (settings) => queries.setQueryData(SETTINGS, settings),
  });
  const dirty = Object.keys(changes).length > 0;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (dirty) save.mutate();
  };
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }));
  return (
    <form className="adm-form" onSubmit={submit} data-testid="workspace-settings">
      <Field label="Default country" hint="For phone numbers typed without a country code.">
        {(id) => (
          <select id={id} value={draft.defaultCountry} onChange={(e) => set("defaultCountry", e.target.value)}>
            {countries.map((c) => (
              <option key={c.code} value={c.code}>
                {c.name} ({c.code})
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="HELP answer" hint="What new inboxes answer when a customer texts HELP.">
        {(id) => <textarea id={id} rows={3} maxLength={1600} value={draft.helpText} onChange={(e) => set("helpText", e.target.value)} />}
      </Field>
      <Field label="Opt-out wording" hint='Added to a first text so the customer knows how to stop them, e.g. "Reply STOP to opt out".'>
        {(id) => <input id={id} maxLength={300} value={draft.optOutText} onChange={(e) => set("optOutText", e.target.value)} />}
      </Field>
      <div className="adm-check">
        <input id="adm-hide-preview" type="checkbox" checked={draft.hidePushPreview} onChange={(e) => set("hidePushPreview", e.target.checked)} />
        <label htmlFor="adm-hide-preview">Hide the text in push notifications (they say only "New message")</label>
      </div>
      <div className="st-hstack">
        <button type="submit" className="st-btn st-btn-primary" disabled={!dirty || save.isPending}>
          {save.isPending ? "Saving…" : "Save settings"}
        </button>
        <span className="st-hint" aria-live="polite">
          {!dirty && save.isSuccess ? "Saved." : dirty ? "Unsaved changes." : ""}
        </span>
      </div>
      <FormError error={save.error} />
    </form>
  );
}
