// The location switcher (issue 18): for reps who work in several locations, which one's inboxes to show.
// Nothing for a rep of one location.
import type { Inbox } from "../../protocol/entities";
import { locationsOf } from "./location-choice";

interface Props {
  /** Every inbox the rep sees (not only the chosen location's). */
  inboxes: Inbox[];
  value: string;
  onChange(locationId: string): void;
}

export function LocationSwitcher({ inboxes, value, onChange }: Props) {
  const locations = locationsOf(inboxes);
  if (locations.length < 2) return null;
  const current = locations.some((l) => l.id === value) ? value : "";
  return (
    <label className="st-control st-location-switcher">
      <span className="st-sr">Location</span>
      <select data-testid="location-switcher" value={current} onChange={(e) => onChange(e.target.value)} title="Which location's inboxes to show">
        <option value="">All locations</option>
        {locations.map((l) => (
          <option key={l.id} value={l.id}>
            {l.name}
          </option>
        ))}
      </select>
    </label>
  );
}
