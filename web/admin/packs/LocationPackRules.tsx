// A location admin's side: the pack rules running at each location they administer, with a switch where HQ
// lets the location turn a rule off (turning it on again is always allowed).
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { EmptyState } from "../../../src/ui/common/EmptyState";
import { useAdmin } from "../admin-context";
import { AdministeredLocations } from "../locations/AdministeredLocations";
import { FormError, QueryGate } from "../parts";
import type { LocationRule } from "../locations/locations-api";
import { locationRulesKey } from "../locations/org-queries";

export function LocationPackRules() {
  return <AdministeredLocations>{(l) => <RulesOfLocation key={l.id} locationId={l.id} name={l.name} />}</AdministeredLocations>;
}

function RulesOfLocation({ locationId, name }: { locationId: string; name: string }) {
  const { api } = useAdmin();
  const rules = useQuery({ queryKey: locationRulesKey(locationId), queryFn: () => api.locationPackRules(locationId) });
  return (
    <div className="adm-card adm-location-block" data-testid="location-pack-rules" data-location-id={locationId}>
      <h3>{name}</h3>
      <QueryGate what={`${name}'s pack rules`} isPending={rules.isPending} error={rules.error} retry={() => rules.refetch()}>
        {rules.data?.length === 0 ? (
          <EmptyState title={`HQ has pushed no rule packs to ${name}`} hint="Pack rules appear here when HQ pushes a pack." />
        ) : (
          <ul className="adm-list" aria-label={`Pack rules at ${name}`}>
            {rules.data?.map((r) => (
              <PackRuleRow key={r.ruleId} locationId={locationId} rule={r} />
            ))}
          </ul>
        )}
      </QueryGate>
    </div>
  );
}

function PackRuleRow({ locationId, rule }: { locationId: string; rule: LocationRule }) {
  const { api } = useAdmin();
  const queries = useQueryClient();
  const toggle = useMutation({
    mutationFn: (enabled: boolean) => api.switchPackRule(locationId, rule.ruleId, enabled),
    onSuccess: (next) => queries.setQueryData<LocationRule[]>(locationRulesKey(locationId), (all) => all?.map((r) => (r.ruleId === next.ruleId ? next : r))),
  });
  const mayChange = rule.mayTurnOff || !rule.enabled;
  const enabled = toggle.isPending ? toggle.variables : rule.enabled;
  return (
    <li className="adm-row" data-testid="location-pack-rule" data-rule-id={rule.ruleId}>
      <span>
        <strong>{rule.name}</strong>
        <span className="is-muted adm-small">
          {" "}
          · {rule.packName} v{rule.version} · {rule.locked ? "HQ's text, locked" : "editable"}
        </span>
        {!mayChange && <div className="st-hint">HQ keeps this rule on at every location.</div>}
        <FormError error={toggle.error} />
      </span>
      <label className="adm-inline">
        <input
          type="checkbox"
          checked={enabled}
          disabled={!mayChange || toggle.isPending}
          onChange={(e) => toggle.mutate(e.target.checked)}
          aria-label={`${rule.name} runs at this location`}
          data-testid="pack-rule-enabled"
        />
        {enabled ? "On" : "Off"}
      </label>
    </li>
  );
}
