// Brand templates (issue 18): HQ (owners and admins) writes templates, pushes them to every location or some,
// and sees which slots each location changed; a location's admins fill their copy's editable slots.
import { useAdmin } from "../admin-context";
import { HqBrandTemplates } from "./HqBrandTemplates";
import { LocationBrandCopies } from "./LocationBrandCopies";

export function BrandSection() {
  const { me } = useAdmin();
  return (
    <section aria-labelledby="adm-brand-title" className="adm-section">
      <h2 id="adm-brand-title">Brand templates</h2>
      {me.role === "agent" ? <LocationBrandCopies /> : <HqBrandTemplates />}
    </section>
  );
}
