// A CRM record with several numbers (mobile, work, home): pick which one this thread is about.
import { formatPhone } from "../../core/phone";
import type { CrmPhone } from "../../protocol/record";

const LABELS: Record<CrmPhone["label"], string> = { mobile: "Mobile", work: "Work", home: "Home", other: "Other" };

export function PhoneSwitcher({ phones, value, onChange }: { phones: CrmPhone[]; value: string; onChange(e164: string): void }) {
  const unique = phones.filter((p, i) => phones.findIndex((q) => q.e164 === p.e164) === i);
  if (unique.length < 2) return null;
  return (
    <label className="st-control">
      <span className="st-sr">Phone number</span>
      <select data-testid="phone-switcher" value={value} onChange={(e) => onChange(e.target.value)}>
        {unique.map((p) => (
          <option key={p.e164} value={p.e164}>
            {LABELS[p.label]} · {formatPhone(p.e164)}
            {p.extension ? ` x${p.extension}` : ""}
          </option>
        ))}
      </select>
    </label>
  );
}
