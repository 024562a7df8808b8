// HQ's form for a rule pack: its name, its rules (each an automation rule with locked / may-turn-off) and where
// it is pushed (every location, new ones too, or chosen ones). "New version" starts from the pack as it is; the
// server numbers the version and pushes it. Checked against the API's own schema as HQ types (each problem named
// at its place); the server's refusal is shown in its words and nothing is pushed.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { type RulePack, RulePackBody } from "../../../src/protocol/locations";
import { useAdmin } from "../admin-context";
import { Field, FormError, useFocusOnShow } from "../parts";
import { INBOXES, TEMPLATES } from "../queries";
import { LOCATIONS, RULE_PACKS } from "../locations/org-queries";
import { WEBHOOKS } from "../webhooks/webhook-queries";
import { blankPackRule, PackRuleFields, type PackRuleDraft } from "./PackRuleFields";

export function PackEditor({ pack, onDone }: { pack: RulePack | null; onDone(): void }) {
  const { api } = useAdmin();
  const queries = useQueryClient();
  const inboxes = useQuery({ queryKey: INBOXES, queryFn: api.inboxes }).data ?? [];
  const templates = useQuery({ queryKey: TEMPLATES, queryFn: api.templates }).data ?? [];
  const endpoints = useQuery({ queryKey: WEBHOOKS, queryFn: api.webhooks }).data ?? [];
  const locations = useQuery({ queryKey: LOCATIONS, queryFn: api.locations }).data?.locations ?? [];
  const [name, setName] = useState(pack?.name ?? "");
  const [rules, setRules] = useState<PackRuleDraft[]>(() => pack?.rules.map((r) => ({ ...r, rule: { ...r.rule } })) ?? [blankPackRule(1, templates)]);
  const [everywhere, setEverywhere] = useState(pack ? pack.locationIds === null : true);
  const [chosen, setChosen] = useState<string[]>(pack?.locationIds ?? []);
  const [tried, setTried] = useState(false);
  const nameRef = useFocusOnShow<HTMLInputElement>();
  const body = { name: name.trim(), rules, locationIds: everywhere ? null : chosen };
  const checked = RulePackBody.safeParse(body);
  const problems = checked.success ? [] : checked.error.issues.map((i) => `${i.path.join(" › ") || "pack"}: ${i.message}`);
  const save = useMutation({
    mutationFn: () => (pack ? api.changeRulePack(pack.id, body) : api.createRulePack(body)),
    onSuccess: async () => {
      await queries.invalidateQueries({ queryKey: RULE_PACKS });
      onDone();
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (problems.length === 0) save.mutate();
  };
  return (
    <form
      className="adm-form adm-card"
      onSubmit={submit}
      data-testid="pack-editor"
      aria-label={pack ? `New version of ${pack.name}` : "New rule pack"}
      noValidate
    >
      <h3>{pack ? `New version of ${pack.name} (now v${pack.version})` : "New rule pack"}</h3>
      <Field label="Pack name">{(id) => <input id={id} ref={nameRef} value={name} onChange={(e) => setName(e.target.value)} />}</Field>
      {rules.map((r, i) => (
        <PackRuleFields
          // biome-ignore lint/suspicious/noArrayIndexKey: rules are edited in place; position is their identity while editing.
          key={i}
          n={i + 1}
          value={r}
          inboxes={inboxes}
          templates={templates}
          endpoints={endpoints}
          onChange={(v) => setRules(rules.map((x, j) => (j === i ? v : x)))}
          onRemove={rules.length > 1 ? () => setRules(rules.filter((_, j) => j !== i)) : undefined}
        />
      ))}
      <button type="button" className="st-btn st-btn-small" onClick={() => setRules([...rules, blankPackRule(rules.length + 1, templates)])}>
        Add a rule
      </button>
      <fieldset className="adm-subform">
        <legend>Push to</legend>
        <label className="adm-check">
          <input type="radio" name="pack-where" checked={everywhere} onChange={() => setEverywhere(true)} /> Every location (new ones too)
        </label>
        <label className="adm-check">
          <input type="radio" name="pack-where" checked={!everywhere} onChange={() => setEverywhere(false)} /> These locations:
        </label>
        {!everywhere &&
          locations.map((l) => (
            <label key={l.id} className="adm-check adm-indent">
              <input
                type="checkbox"
                checked={chosen.includes(l.id)}
                onChange={(e) => setChosen(e.target.checked ? [...chosen, l.id] : chosen.filter((x) => x !== l.id))}
              />{" "}
              {l.name}
            </label>
          ))}
      </fieldset>
      {tried && problems.length > 0 && (
        <ul className="adm-error" role="alert" data-testid="pack-problems">
          {problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
      <FormError error={save.error} />
      <div className="st-hstack">
        <button type="submit" className="st-btn st-btn-primary" disabled={save.isPending}>
          {save.isPending ? "Pushing…" : pack ? "Push the new version" : "Create and push"}
        </button>
        <button type="button" className="st-btn" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
