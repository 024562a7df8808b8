// Preferences: desktop notifications, the default country for numbers typed without one, and where the panel docks.
import { getCountries } from "libphonenumber-js/min";
import { useMemo } from "react";
import type { Settings } from "../protocol/messages";
import { useClient } from "../ui/common/client-context";

export function SettingsPanel({ settings }: { settings: Settings }) {
  const countries = useMemo(() => {
    const names = new Intl.DisplayNames(undefined, { type: "region" });
    return getCountries()
      .map((code) => ({ code, name: names.of(code) ?? code }))
      .sort((a, b) => a.name.localeCompare(b.name));
  }, []);
  const { send } = useClient();
  const update = (patch: Partial<Settings>) => void send({ type: "settings.update", settings: patch });
  return (
    <section className="opt-card">
      <h2>Preferences</h2>
      <label className="opt-check">
        <input data-testid="notifications" type="checkbox" checked={settings.notifications} onChange={(e) => update({ notifications: e.target.checked })} />
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
      <fieldset className="opt-dock" data-testid="dock">
        <legend>Dock the panel</legend>
        <label className="opt-check">
          <input type="radio" name="dock" value="page" checked={settings.dock === "page"} onChange={() => update({ dock: "page" })} />
          In the page, beside the CRM record
        </label>
        <label className="opt-check">
          <input type="radio" name="dock" value="sidepanel" checked={settings.dock === "sidepanel"} onChange={() => update({ dock: "sidepanel" })} />
          Chrome side panel (the toolbar button opens it; it follows the active tab)
        </label>
      </fieldset>
    </section>
  );
}
