// The rules, compiled once per change instead of read and parsed for every stretch of the feed and every due
// batch (issue 17's ≤ 10 %). Each database's set is kept in memory with the rule table's version (migration
// 340: triggers bump it in the same transaction as any rule insert, update or delete, whoever writes it). A
// reader asks the version first, one one-row query, and rereads the rules only when it moved: an edit
// committed on any instance is seen by the next stretch every instance reads, as when the rules were read
// each time. Reading the version before the rules means a set is never newer-labelled than what it holds: an
// edit landing between the two reads leaves a set whose version is behind, so the next read compiles again.
import type { Rule } from "../../src/protocol/automations";
import type { SidetextEvent } from "../../src/protocol/events";
import type { ServerContext } from "../context";
import { listRules, rulesVersion } from "./automations.repository";

type TriggerType = Rule["trigger"]["type"];

/** The trigger types each kind of feed event can fire (engine.ts triggerOf); other rules need not be asked. */
const TRIGGERED_BY: Record<string, TriggerType[]> = {
  "message.created": ["message.inbound", "keyword"],
  "conversation.created": ["conversation.created"],
  "conversation.updated": ["conversation.assigned", "conversation.status"],
  "contact.updated": ["contact.tagAdded"],
  "sla.breached": ["sla.breached"],
  "contact.event_recorded": ["event"],
};

export interface RuleSet {
  /** Every rule by id, enabled or not (a due timer or step of a rule switched off is stopped, not left). */
  byId: Map<string, Rule>;
  /** The enabled ones, in the same order. */
  enabled: Rule[];
  /** Enabled rules by id. */
  enabledById: Map<string, Rule>;
  /** The enabled rules that an event of this type may trigger, in priority order. */
  triggeredBy(type: SidetextEvent["type"]): Rule[];
  /** The enabled rules with this trigger type (the timers a feed event starts: ./timers-feed.ts). */
  withTrigger(type: TriggerType): Rule[];
}

function compile(all: Rule[]): RuleSet {
  const enabled = all.filter((r) => r.enabled);
  const byEvent = new Map(Object.entries(TRIGGERED_BY).map(([type, triggers]) => [type, enabled.filter((r) => triggers.includes(r.trigger.type))]));
  const byTrigger = new Map<TriggerType, Rule[]>();
  for (const r of enabled) byTrigger.set(r.trigger.type, [...(byTrigger.get(r.trigger.type) ?? []), r]);
  return {
    byId: new Map(all.map((r) => [r.id, r])),
    enabled,
    enabledById: new Map(enabled.map((r) => [r.id, r])),
    triggeredBy: (type) => byEvent.get(type) ?? [],
    withTrigger: (type) => byTrigger.get(type) ?? [],
  };
}

const compiled = new WeakMap<object, { version: number; set: RuleSet }>();

/** The database's rules as they are now (one version read when nothing changed). */
export async function ruleSetOf(ctx: ServerContext): Promise<RuleSet> {
  const { db } = ctx.database;
  const version = await rulesVersion(db);
  const kept = compiled.get(ctx.database);
  if (kept && version !== null && kept.version === version) return kept.set;
  const set = compile(await listRules(db));
  if (version !== null) compiled.set(ctx.database, { version, set });
  return set;
}
