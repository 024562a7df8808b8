// Writing a brand template (or its next version): the text, the slots locations may fill, and where it goes.
// A slot is used in the text as {{name}}; the server refuses a slot name or value it cannot take, with why.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { Location } from "../../../src/protocol/locations";
import { useAdmin } from "../admin-context";
import { Field, FormError, useFocusOnShow } from "../parts";
import type { BrandSlot, HqBrandTemplate } from "../locations/locations-api";
import { BRAND_TEMPLATES } from "../locations/org-queries";

export function BrandTemplateEditor(props: { current: HqBrandTemplate | null; locations: Location[]; onDone: () => void }) {
  const { api } = useAdmin();
  const queries = useQueryClient();
  const { current } = props;
  const [name, setName] = useState(current?.name ?? "");
  const [body, setBody] = useState(current?.body ?? "");
  const [slots, setSlots] = useState<BrandSlot[]>(current?.slots ?? []);
  const [everywhere, setEverywhere] = useState(current ? current.locationIds === null : true);
  const [chosen, setChosen] = useState<string[]>(current?.locationIds ?? []);
  const nameRef = useFocusOnShow<HTMLInputElement>();
  const save = useMutation({
    mutationFn: () => {
      const input = { name: name.trim(), body, slots, locationIds: everywhere ? null : chosen };
      return current ? api.changeBrandTemplate(current.id, input) : api.createBrandTemplate(input);
    },
    onSuccess: () => {
      void queries.invalidateQueries({ queryKey: BRAND_TEMPLATES });
      props.onDone();
    },
  });
  const setSlot = (i: number, change: Partial<BrandSlot>) => setSlots(slots.map((s, j) => (j === i ? { ...s, ...change } : s)));
  const unused = slots.filter((s) => s.name && !body.includes(`{{${s.name}}}`));
  return (
    <form
      className="adm-card adm-form"
      data-testid="brand-editor"
      aria-label={current ? `New version of ${current.name}` : "New brand template"}
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <h3>{current ? `Version ${current.version + 1} of ${current.name}` : "New brand template"}</h3>
      <Field label="Name">{(id) => <input id={id} ref={nameRef} value={name} maxLength={100} required onChange={(e) => setName(e.target.value)} />}</Field>
      <Field label="Text" hint="Locked for locations. Put each editable slot in the text as {{its.name}}.">
        {(id) => <textarea id={id} rows={4} value={body} maxLength={1600} required onChange={(e) => setBody(e.target.value)} />}
      </Field>
      <fieldset className="adm-subform">
        <legend>Editable slots</legend>
        {slots.length === 0 && <p className="st-hint">None: every location sends the text as it is.</p>}
        {slots.map((slot, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows being typed have no id yet
          <div key={i} className="adm-inline-form" data-testid="brand-slot">
            <Field label={`Slot ${i + 1} name`}>
              {(id) => <input id={id} value={slot.name} placeholder="location.hours" required onChange={(e) => setSlot(i, { name: e.target.value.trim() })} />}
            </Field>
            <Field label={`Slot ${i + 1} label`}>
              {(id) => <input id={id} value={slot.label} placeholder="Opening hours" required onChange={(e) => setSlot(i, { label: e.target.value })} />}
            </Field>
            <Field label={`Slot ${i + 1} default`}>
              {(id) => <input id={id} value={slot.default} onChange={(e) => setSlot(i, { default: e.target.value })} />}
            </Field>
            <button type="button" className="st-btn st-btn-small" onClick={() => setSlots(slots.filter((_, j) => j !== i))} aria-label={`Remove slot ${i + 1}`}>
              Remove
            </button>
          </div>
        ))}
        <button type="button" className="st-btn st-btn-small" onClick={() => setSlots([...slots, { name: "", label: "", default: "" }])}>
          Add a slot
        </button>
        {unused.length > 0 && <p className="st-hint">Not in the text yet: {unused.map((s) => `{{${s.name}}}`).join(", ")}</p>}
      </fieldset>
      <fieldset className="adm-subform">
        <legend>Push to</legend>
        <label>
          <input type="radio" name="brand-where" checked={everywhere} onChange={() => setEverywhere(true)} /> Every location (new ones too)
        </label>
        <label>
          <input type="radio" name="brand-where" checked={!everywhere} onChange={() => setEverywhere(false)} /> These locations:
        </label>
        {!everywhere &&
          props.locations.map((l) => (
            <label key={l.id} className="adm-check">
              <input
                type="checkbox"
                checked={chosen.includes(l.id)}
                onChange={(e) => setChosen(e.target.checked ? [...chosen, l.id] : chosen.filter((id) => id !== l.id))}
              />{" "}
              {l.name}
            </label>
          ))}
      </fieldset>
      {current && <p className="st-hint">Every copy shows the new text at once, keeping the values locations gave the slots still offered.</p>}
      <div className="adm-inline">
        <button
          type="submit"
          className="st-btn st-btn-primary"
          disabled={save.isPending || !name.trim() || !body.trim() || (!everywhere && chosen.length === 0)}
        >
          {current ? "Push new version" : "Create and push"}
        </button>
        <button type="button" className="st-btn" onClick={props.onDone}>
          Cancel
        </button>
      </div>
      <FormError error={save.error} />
    </form>
  );
}
