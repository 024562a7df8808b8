// The audit view's filters: who, where, what kind of change, and a date range (whole local days).
import { useQuery } from "@tanstack/react-query";
import { useAdmin } from "../admin-context";
import { Field } from "../parts";
import { TEAMMATES } from "../queries";
import type { AuditFilters as Filters } from "./audit-api";
import { typeChoices } from "./audit-words";

/** The form's own values: dates as the date inputs hold them (yyyy-mm-dd, local days). */
export interface FilterDraft {
  actorId: string;
  locationId: string;
  type: string;
  fromDay: string;
  toDay: string;
}

export const noFilters: FilterDraft = { actorId: "", locationId: "", type: "", fromDay: "", toDay: "" };

const startOfDay = (day: string) => new Date(`${day}T00:00:00`);

/** The query's filters: from the start of the first day to the end of the last (the next day's start). */
export function toQuery(d: FilterDraft): Filters {
  const to = d.toDay ? startOfDay(d.toDay) : null;
  if (to) to.setDate(to.getDate() + 1);
  return {
    actorId: d.actorId || undefined,
    locationId: d.locationId || undefined,
    type: d.type || undefined,
    from: d.fromDay ? startOfDay(d.fromDay).toISOString() : undefined,
    to: to ? to.toISOString() : undefined,
  };
}

export function AuditFilters({ value, onChange }: { value: FilterDraft; onChange: (next: FilterDraft) => void }) {
  const { api } = useAdmin();
  const people = useQuery({ queryKey: TEAMMATES, queryFn: api.teammates });
  const locations = useQuery({ queryKey: ["admin", "audit", "locations"], queryFn: api.auditLocations });
  const set = (key: keyof FilterDraft, v: string) => onChange({ ...value, [key]: v });
  const backwards = value.fromDay && value.toDay && value.fromDay > value.toDay;
  return (
    <fieldset className="adm-audit-filters" data-testid="audit-filters">
      <legend>Filters</legend>
      <Field label="Who">
        {(id) => (
          <select id={id} value={value.actorId} onChange={(e) => set("actorId", e.target.value)}>
            <option value="">Everyone</option>
            {(people.data ?? []).map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Location">
        {(id) => (
          <select id={id} value={value.locationId} onChange={(e) => set("locationId", e.target.value)}>
            <option value="">All locations</option>
            {(locations.data ?? []).map((l) => (
              <option key={l.id} value={l.id}>
                {l.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="What">
        {(id) => (
          <select id={id} value={value.type} onChange={(e) => set("type", e.target.value)}>
            <option value="">Every change</option>
            {typeChoices.map((t) => (
              <option key={t.value} value={t.value}>
                {t.label}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="From">{(id) => <input id={id} type="date" value={value.fromDay} onChange={(e) => set("fromDay", e.target.value)} />}</Field>
      <Field label="To" hint={backwards ? "The range ends before it starts: pick a later “To” day." : undefined}>
        {(id) => <input id={id} type="date" value={value.toDay} onChange={(e) => set("toDay", e.target.value)} />}
      </Field>
      <button type="button" className="st-btn st-btn-small" onClick={() => onChange(noFilters)} disabled={JSON.stringify(value) === JSON.stringify(noFilters)}>
        Clear filters
      </button>
    </fieldset>
  );
}
