// Rule packs (issue 18): HQ pushes automation rules to locations. Each pack rule becomes, in each location,
// an ordinary automation rule (the automations engine runs it) restricted to that location's inboxes.
// Versioned: a new version updates every location's rule, keeping a rule a location switched off (when HQ
// allows that) off. A locked rule's text cannot be changed but by a new version; HQ sees drift: a rule
// switched off, edited away from what was pushed, or deleted.
import type { Rule, RuleBody } from "../../src/protocol/automations";
import type { RulePack } from "../../src/protocol/locations";
import { deleteRule, findRule, insertRule, updateRule } from "../automations/automations.repository";
import type { Executor } from "../db/executor";
import { newId, now } from "../ids";
import { inboxIdsOfLocations, listLocations } from "./locations.repository";
import { insertPackRule, type PackRuleRow, packRules, type StoredPack, updatePackRule } from "./rule-packs.repository";

type Location = { id: string; name: string };

/** What a location's rule is made of, without `enabled` (the location's to switch when allowed). */
const comparable = (r: Pick<Rule, "name" | "priority" | "stopLower" | "trigger" | "match" | "conditions" | "actions" | "cancelOn">) =>
  JSON.stringify({
    name: r.name,
    priority: r.priority,
    stopLower: r.stopLower,
    trigger: r.trigger,
    match: r.match,
    conditions: r.conditions,
    actions: r.actions,
    cancelOn: r.cancelOn,
  });

/** The pack rule as it runs in one location: only for the location's inboxes. */
function inLocation(rule: RuleBody, location: Location, inboxIds: string[]): RuleBody {
  return { ...rule, name: `${rule.name} (${location.name})`, match: "all", conditions: [{ type: "inbox", inboxIds }, ...rule.conditions] };
}

/** Makes every location's rules match the pack: new, changed and removed ones. Run in the pack's transaction. */
export async function pushPack(db: Executor, pack: StoredPack) {
  const locations = await listLocations(db);
  const targets = locations.filter((l) => pack.locationIds === null || pack.locationIds.includes(l.id));
  const existing = await packRules(db, { packId: pack.id });
  for (const row of existing) {
    const kept = targets.some((l) => l.id === row.locationId) && pack.rules.some((r) => r.key === row.ruleKey);
    if (!kept) await deleteRule(db, row.ruleId);
  }
  for (const location of targets) {
    const inboxIds = await inboxIdsOfLocations(db, [location.id]);
    for (const packRule of pack.rules) {
      const body = inLocation(packRule.rule, location, inboxIds);
      const row = existing.find((r) => r.locationId === location.id && r.ruleKey === packRule.key);
      const current = row ? await findRule(db, row.ruleId) : null;
      const at = now();
      const meta = { packId: pack.id, ruleKey: packRule.key, locationId: location.id, version: pack.version, locked: packRule.locked ? 1 : 0 };
      const stored: Omit<PackRuleRow, "ruleId"> = { ...meta, mayTurnOff: packRule.mayTurnOff ? 1 : 0, pushedDefinition: comparable(body) };
      if (row && current) {
        // A rule the location switched off, as allowed, stays off; otherwise it runs as HQ says.
        const enabled = packRule.mayTurnOff && !current.enabled ? false : body.enabled;
        await updateRule(db, { ...current, ...body, enabled, updatedAt: at });
        await updatePackRule(db, { ruleId: row.ruleId, ...stored });
      } else {
        const rule: Rule = { id: newId("rule"), ...body, createdAt: at, updatedAt: at };
        await insertRule(db, rule);
        await insertPackRule(db, { ruleId: rule.id, ...stored });
      }
    }
  }
}

/** Each location's rule of each pack rule, against what HQ pushed. */
export async function packStates(db: Executor, pack: StoredPack): Promise<RulePack["states"]> {
  const locations = (await listLocations(db)).filter((l) => pack.locationIds === null || pack.locationIds.includes(l.id));
  const rows = await packRules(db, { packId: pack.id });
  const states: RulePack["states"] = [];
  for (const location of locations) {
    for (const packRule of pack.rules) {
      const row = rows.find((r) => r.locationId === location.id && r.ruleKey === packRule.key);
      const rule = row ? await findRule(db, row.ruleId) : null;
      const base = { key: packRule.key, locationId: location.id, locationName: location.name };
      if (!row || !rule) {
        states.push({ ...base, ruleId: null, version: 0, enabled: false, drift: "missing" });
        continue;
      }
      const edited = comparable(rule) !== row.pushedDefinition;
      const drift = edited ? "edited" : !rule.enabled && packRule.rule.enabled ? "turned_off" : "in_sync";
      states.push({ ...base, ruleId: rule.id, version: row.version, enabled: rule.enabled, drift });
    }
  }
  return states;
}
