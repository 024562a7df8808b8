// The template list that opens on "/" or the Templates button. Keyboard: ↑/↓ move, Enter picks, Esc closes.
// The composer keeps focus and forwards keys here through `pickerKey`, so typing keeps filtering.
import { forwardRef, useEffect, useImperativeHandle, useMemo, useState } from "react";
import type { Template } from "../../protocol/entities";

export interface TemplatePickerHandle {
  /** Handles a key from the composer; true when the picker used it. */
  handleKey(key: string): boolean;
}

function matchTemplates(templates: Template[], query: string): Template[] {
  const q = query.trim().toLowerCase();
  if (!q) return templates;
  return templates.filter((t) => t.name.toLowerCase().includes(q) || t.shortcut?.toLowerCase().startsWith(q) || t.body.toLowerCase().includes(q));
}

interface Props {
  templates: Template[];
  query: string;
  onPick(template: Template): void;
  onClose(): void;
}

export const TemplatePicker = forwardRef<TemplatePickerHandle, Props>(function TemplatePicker({ templates, query, onPick, onClose }, ref) {
  const shown = useMemo(() => matchTemplates(templates, query), [templates, query]);
  const [active, setActive] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: query: a new query starts again at its first match.
  useEffect(() => setActive(0), [query]);

  useImperativeHandle(
    ref,
    () => ({
      handleKey(key) {
        if (key === "ArrowDown") setActive((i) => Math.min(i + 1, shown.length - 1));
        else if (key === "ArrowUp") setActive((i) => Math.max(i - 1, 0));
        else if (key === "Enter" || key === "Tab") {
          if (!shown[active]) return false;
          onPick(shown[active]);
        } else if (key === "Escape") onClose();
        else return false;
        return true;
      },
    }),
    [shown, active, onPick, onClose],
  );

  return (
    <div className="st-picker" data-testid="template-picker">
      <div className="st-picker-head">
        <span>Templates{query ? ` matching “${query}”` : ""}</span>
        <span className="st-hint">↑↓ to move · Enter to insert · Esc to close</span>
      </div>
      {/* The composer's textarea keeps the focus and the keys (handleKey); this list shows the options it points at. */}
      {/* biome-ignore lint/a11y/noNoninteractiveElementToInteractiveRole: a list styled as one, with the listbox role for screen readers. */}
      <ul role="listbox" id="st-template-list" aria-label="Templates">
        {shown.length === 0 && <li className="st-picker-empty">No template matches. Keep typing to send as text.</li>}
        {shown.map((t, i) => (
          // biome-ignore lint/a11y/useFocusableInteractive lint/a11y/useKeyWithClickEvents: an option of the listbox above; the focus and the keys stay in the composer.
          <li
            key={t.id}
            id={`st-template-${t.id}`}
            // biome-ignore lint/a11y/noNoninteractiveElementToInteractiveRole: an item of the list above, the listbox's option.
            role="option"
            aria-selected={i === active}
            data-testid="template-option"
            className={`st-picker-option ${i === active ? "is-active" : ""}`}
            onMouseDown={(e) => e.preventDefault() /* keep focus in the composer */}
            onClick={() => onPick(t)}
            onMouseEnter={() => setActive(i)}
          >
            <span className="st-picker-name">
              {t.name}
              {t.shortcut && <span className="st-shortcut">/{t.shortcut}</span>}
            </span>
            <span className="st-picker-body">{t.body}</span>
          </li>
        ))}
      </ul>
    </div>
  );
});
