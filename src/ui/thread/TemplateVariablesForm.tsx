// Asks for the values a template could not fill ("Contact first name"), then inserts the finished text.
import { useState, type FormEvent } from "react";
import { variableLabel } from "../../core/template";

interface Props {
  templateName: string;
  missing: string[];
  onSubmit(values: Record<string, string>): void;
  onCancel(): void;
}

export function TemplateVariablesForm({ templateName, missing, onSubmit, onCancel }: Props) {
  const [values, setValues] = useState<Record<string, string>>({});
  const complete = missing.every((v) => values[v]?.trim());
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (complete) onSubmit(values);
  };
  return (
    <form
      className="st-varform"
      data-testid="template-variables"
      onSubmit={submit}
      onKeyDown={(e) => {
        if (e.key === "Escape") {
          e.preventDefault();
          onCancel();
        }
      }}
    >
      <div className="st-varform-head">
        “{templateName}” needs {missing.length === 1 ? "a value" : `${missing.length} values`}
      </div>
      {missing.map((v, i) => (
        <label key={v} className="st-field">
          <span>{variableLabel(v)}</span>
          <input autoFocus={i === 0} value={values[v] ?? ""} onChange={(e) => setValues({ ...values, [v]: e.target.value })} name={v} />
        </label>
      ))}
      <div className="st-hstack-end">
        <button type="button" className="st-btn" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="st-btn st-btn-primary" disabled={!complete}>
          Insert
        </button>
      </div>
    </form>
  );
}
