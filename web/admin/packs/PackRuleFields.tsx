// One rule of a pack in HQ's pack form: its key (how versions recognise it), locked / may be turned off, and the
// automation rule itself — name, trigger, conditions (all must hold: a pack rule is narrowed to each location's
// inboxes by one more condition) and actions, with the rule editor's own fields.
import type { RuleBody } from "../../../src/protocol/automations";
import type { Inbox, Template } from "../../../src/protocol/entities";
import type { WebhookEndpoint } from "../integrations-api";
import { Field } from "../parts";
import { ActionFields, blankAction, blankRule } from "../rules/action-fields";
import { blankCondition, ConditionFields, TriggerFields } from "../rules/rule-fields";

export interface PackRuleDraft {
  key: string;
  locked: boolean;
  mayTurnOff: boolean;
  rule: RuleBody;
}

export const blankPackRule = (n: number, templates: Template[]): PackRuleDraft => ({
  key: `rule-${n}`,
  locked: true,
  mayTurnOff: false,
  rule: blankRule(templates),
});

interface Props {
  n: number;
  value: PackRuleDraft;
  inboxes: Inbox[];
  templates: Template[];
  endpoints: WebhookEndpoint[];
  onChange(v: PackRuleDraft): void;
  onRemove?: () => void;
}

export function PackRuleFields({ n, value, inboxes, templates, endpoints, onChange, onRemove }: Props) {
  const rule = value.rule;
  const setRule = (changes: Partial<RuleBody>) => onChange({ ...value, rule: { ...rule, ...changes } });
  const replace = <K extends "conditions" | "actions">(key: K, i: number, item: RuleBody[K][number] | null) =>
    setRule({ [key]: item === null ? rule[key].filter((_, j) => j !== i) : rule[key].map((x, j) => (j === i ? item : x)) } as Partial<RuleBody>);
  return (
    <fieldset className="adm-subform" data-testid="pack-rule-fields" aria-label={`Rule ${n}`}>
      <legend>Rule {n}</legend>
      <div className="adm-grid-2">
        <Field label="Rule name">{(id) => <input id={id} value={rule.name} onChange={(e) => setRule({ name: e.target.value })} />}</Field>
        <Field label="Key" hint="Lowercase letters, digits and dashes; keep it across versions so locations keep their switch">
          {(id) => <input id={id} value={value.key} onChange={(e) => onChange({ ...value, key: e.target.value })} />}
        </Field>
      </div>
      <label className="adm-check">
        <input type="checkbox" checked={value.locked} onChange={(e) => onChange({ ...value, locked: e.target.checked })} /> Locked: locations cannot change its
        text
      </label>
      <label className="adm-check">
        <input type="checkbox" checked={value.mayTurnOff} onChange={(e) => onChange({ ...value, mayTurnOff: e.target.checked })} /> Locations may turn it off
      </label>
      <fieldset className="adm-field">
        <legend>When</legend>
        <TriggerFields value={rule.trigger} onChange={(trigger) => setRule({ trigger })} />
      </fieldset>
      <fieldset className="adm-field">
        <legend>If all of these hold (each location's own inboxes are added)</legend>
        {rule.conditions.map((c, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place; position is their identity.
          <div key={i} className="adm-inline-form">
            <ConditionFields value={c} inboxes={inboxes} onChange={(v) => replace("conditions", i, v)} />
            <button
              type="button"
              className="st-btn st-btn-small"
              onClick={() => replace("conditions", i, null)}
              aria-label={`Remove condition ${i + 1} of rule ${n}`}
            >
              Remove
            </button>
          </div>
        ))}
        <button
          type="button"
          className="st-btn st-btn-small"
          onClick={() => setRule({ conditions: [...rule.conditions, blankCondition("bodyContains", inboxes)] })}
        >
          Add a condition
        </button>
      </fieldset>
      <fieldset className="adm-field">
        <legend>Then, in order</legend>
        {rule.actions.map((a, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place; position is their identity.
          <div key={i} className="adm-inline-form">
            <ActionFields value={a} templates={templates} endpoints={endpoints} onChange={(v) => replace("actions", i, v)} />
            <button
              type="button"
              className="st-btn st-btn-small"
              onClick={() => replace("actions", i, null)}
              aria-label={`Remove action ${i + 1} of rule ${n}`}
            >
              Remove
            </button>
          </div>
        ))}
        <button type="button" className="st-btn st-btn-small" onClick={() => setRule({ actions: [...rule.actions, blankAction("addNote", templates)] })}>
          Add an action
        </button>
      </fieldset>
      {onRemove && (
        <button type="button" className="st-btn st-btn-small" onClick={onRemove}>
          Remove rule {n}
        </button>
      )}
    </fieldset>
  );
}
