// Rule packs (issue 18): HQ sees each pack's rules and, per location, whether each runs as pushed (drift);
// a location's admins turn a pack rule off where HQ allows it, and on again.
import { useAdmin } from "../admin-context";
import { LocationPackRules } from "./LocationPackRules";
import { PackDrift } from "./PackDrift";

export function RulePacksSection() {
  const { me } = useAdmin();
  return (
    <section aria-labelledby="adm-packs-title" className="adm-section">
      <h2 id="adm-packs-title">Rule packs</h2>
      {me.role === "agent" ? <LocationPackRules /> : <PackDrift />}
    </section>
  );
}
