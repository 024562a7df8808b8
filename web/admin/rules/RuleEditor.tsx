// A new rule or changes to one: name, priority, its trigger, conditions (all or any), actions in order and
// what cancels its waiting work. Checked against the same schema the server uses as the admin types (each
// problem named at its place), and the server's refusal (an unknown template, a reserved keyword) shown as said.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { RuleBody, type Rule, type RuleInput } from "../../../src/protocol/automations";
import type { Inbox, Template } from "../../../src/protocol/entities";
import { cancelEvents } from "../../../src/protocol/scheduled-sends";
import { useAdmin } from "../admin-context";
import { Field, FormError, useFocusOnShow } from "../parts";
import { DryRunResult } from "./DryRunResult";
import { WEBHOOKS } from "../webhooks/webhook-queries";
import { ActionFields, blankAction, blankRule } from "./action-fields";
import { blankCondition, ConditionFields, TriggerFields } from "./rule-fields";

export const RULES = ["admin", "rules"] as const;

type Draft = Pick<Rule, "name" | "enabled" | "priority" | "stopLower" | "trigger" | "match" | "conditions" | "actions" | "cancelOn">;
const cancelLabels = { customerReply: "the customer replies", agentReply: "a teammate replies", resolved: "it is resolved", reassigned: "it is reassigned" };

/** Only what the API takes: a rule's id and times would be refused as unknown fields. */
const draftOf = ({ name, enabled, priority, stopLower, trigger, match, conditions, actions, cancelOn }: Rule): Draft => ({
  name,
  enabled,
  priority,
  stopLower,
  trigger,
  match,
  conditions,
  actions,
  cancelOn,
});

export function RuleEditor(props: { rule: Rule | null; inboxes: Inbox[]; templates: Template[]; onDone(): void }) {
  const { rule, inboxes, templates, onDone } = props;
  const { api } = useAdmin();
  const queries = useQueryClient();
  // For "Send a webhook": the endpoints an admin registered (a rule cannot name any other destination).
  const endpoints = useQuery({ queryKey: WEBHOOKS, queryFn: api.webhooks }).data ?? [];
  const [draft, setDraft] = useState<Draft>(() => (rule ? draftOf(rule) : blankRule(templates)));
  const [tried, setTried] = useState(false);
  const nameRef = useFocusOnShow<HTMLInputElement>();
  const set = (changes: Partial<Draft>) => setDraft((d) => ({ ...d, ...changes }));
  const checked = RuleBody.safeParse(draft);
  const problems = checked.success ? [] : checked.error.issues.map((i) => `${i.path.join(" › ") || "rule"}: ${i.message}`);
  const save = useMutation({
    mutationFn: (input: RuleInput) => (rule ? api.updateRule(rule.id, input) : api.createRule(input)),
    onSuccess: async () => {
      await queries.invalidateQueries({ queryKey: RULES });
      onDone();
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (problems.length === 0) save.mutate(draft);
  };
  const replace = <K extends "conditions" | "actions">(key: K, i: number, value: Draft[K][number] | null) =>
    set({ [key]: value === null ? draft[key].filter((_, j) => j !== i) : draft[key].map((x, j) => (j === i ? value : x)) } as Partial<Draft>);

  return (
    <form className="adm-form adm-card" onSubmit={submit} data-testid="rule-editor" aria-label={rule ? `Edit ${rule.name}` : "New rule"} noValidate>
      <div className="adm-grid-2">
        <Field label="Name">{(id) => <input id={id} ref={nameRef} value={draft.name} onChange={(e) => set({ name: e.target.value })} />}</Field>
        <Field label="Priority" hint="1 runs first">
          {(id) => <input id={id} type="number" min={1} value={draft.priority} onChange={(e) => set({ priority: Number(e.target.value) })} />}
        </Field>
      </div>
      <fieldset className="adm-field">
        <legend>When</legend>
        <TriggerFields value={draft.trigger} onChange={(trigger) => set({ trigger })} />
      </fieldset>
      <fieldset className="adm-field">
        <legend>
          If{" "}
          <select aria-label="Conditions must" value={draft.match} onChange={(e) => set({ match: e.target.value as "all" | "any" })}>
            <option value="all">all of these hold</option>
            <option value="any">any of these holds</option>
          </select>
        </legend>
        {draft.conditions.length === 0 && <span className="st-hint">No conditions: it runs every time its trigger happens.</span>}
        {draft.conditions.map((c, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place; position is their identity.
          <div key={i} className="adm-inline-form" data-testid="rule-condition">
            <ConditionFields value={c} inboxes={inboxes} onChange={(v) => replace("conditions", i, v)} />
            <button type="button" className="st-btn st-btn-small" onClick={() => replace("conditions", i, null)} aria-label={`Remove condition ${i + 1}`}>
              Remove
            </button>
          </div>
        ))}
        <button type="button" className="st-btn st-btn-small" onClick={() => set({ conditions: [...draft.conditions, blankCondition("inbox", inboxes)] })}>
          Add a condition
        </button>
      </fieldset>
      <fieldset className="adm-field">
        <legend>Then, in order</legend>
        {draft.actions.map((a, i) => (
          <div
            // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place; position is their identity.
            key={i}
            className={a.type === "wait" ? "adm-inline-form adm-rule-wait" : "adm-inline-form"}
            data-testid={a.type === "wait" ? "rule-wait-step" : "rule-action"}
          >
            <ActionFields value={a} templates={templates} endpoints={endpoints} onChange={(v) => replace("actions", i, v)} />
            <button type="button" className="st-btn st-btn-small" onClick={() => replace("actions", i, null)} aria-label={`Remove action ${i + 1}`}>
              Remove
            </button>
          </div>
        ))}
        <button type="button" className="st-btn st-btn-small" onClick={() => set({ actions: [...draft.actions, blankAction("addNote", templates)] })}>
          Add an action
        </button>{" "}
        <button
          type="button"
          className="st-btn st-btn-small"
          data-testid="add-wait"
          onClick={() => set({ actions: [...draft.actions, blankAction("wait", templates), blankAction("sendText", templates)] })}
        >
          Add a wait and a follow-up
        </button>
      </fieldset>
      <fieldset className="adm-field">
        <legend>Waiting texts, reminders and follow-up steps are cancelled when (an opt-out always cancels)</legend>
        {cancelEvents.map((c) => (
          <label key={c} className="adm-check">
            <input
              type="checkbox"
              checked={draft.cancelOn.includes(c)}
              onChange={(e) => set({ cancelOn: e.target.checked ? [...draft.cancelOn, c] : draft.cancelOn.filter((x) => x !== c) })}
            />
            {cancelLabels[c]}
          </label>
        ))}
      </fieldset>
      <label className="adm-check">
        <input type="checkbox" checked={draft.stopLower} onChange={(e) => set({ stopLower: e.target.checked })} /> When it runs, rules with a lower priority do
        not
      </label>
      {tried && problems.length > 0 && (
        <ul className="adm-error" role="alert" data-testid="rule-problems">
          {problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
      <FormError error={save.error} />
      <DryRunResult draft={draft} ready={problems.length === 0} />
      <div className="st-hstack">
        <button type="submit" className="st-btn st-btn-primary" disabled={save.isPending}>
          {rule ? "Save rule" : "Create rule"}
        </button>
        <button type="button" className="st-btn" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
