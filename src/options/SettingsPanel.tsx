// Preferences: desktop notifications and the default country for numbers typed without one.
import { getCountries } from "libphonenumber-js/min";
import { useMemo } from "react";
import type { Settings } from "../protocol/messages";
import { send } from "../ui/client";

export function SettingsPanel({ settings }: { settings: Settings }) {
  const countries = useMemo(() => {
    const names = new Intl.DisplayNames(undefined, { type: "region" });
    return getCountries()
      .map((code) => ({ code, name: names.of(code) ?? code }))
      .sort((a, b) => a.name.localeCompare(b.name));
  }, []);
  const update = (patch: Partial<Settings>) => void send({ type: "settings.update", settings: patch });
  return (
    <section className="opt-card">
      <h2>Preferences</h2>
      <label className="opt-check">
        <input
          data-testid="notifications"
          type="checkbox"
          checked={settings.notifications}
          onChange={(e) => update({ notifications: e.target.checked })}
        />
        Desktop notifications for new texts on my and unassigned conversations
      </label>
      <label>
        Default country for phone numbers
        <select data-testid="default-country" value={settings.defaultCountry} onChange={(e) => update({ defaultCountry: e.target.value })}>
          {countries.map((c) => (
            <option key={c.code} value={c.code}>
              {c.name} ({c.code})
            </option>
          ))}
        </select>
      </label>
    </section>
  );
}
