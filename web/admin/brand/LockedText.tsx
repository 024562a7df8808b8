// HQ's text as a location sees it: the locked words as they are, each slot a marked chip with its label.
import type { BrandSlot } from "../locations/locations-api";

export function LockedText({ body, slots }: { body: string; slots: BrandSlot[] }) {
  const label = new Map(slots.map((s) => [s.name, s.label]));
  // split with a capture group keeps the {{…}} pieces at the odd positions
  const parts = body.split(/(\{\{[^{}]+\}\})/);
  return (
    <p className="adm-locked-text" data-testid="brand-locked-text">
      {parts.map((part, i) => {
        const name = i % 2 === 1 ? part.slice(2, -2) : null;
        if (name && label.has(name))
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: the pieces of one fixed text, in order
            <mark key={i} className="adm-slot" title={`Editable: ${label.get(name)}`}>
              {label.get(name)}
            </mark>
          );
        // biome-ignore lint/suspicious/noArrayIndexKey: the pieces of one fixed text, in order
        return <span key={i}>{part}</span>;
      })}
    </p>
  );
}
