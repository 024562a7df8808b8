// "Why this number?": which reader found each of the record's numbers, in which layer, and what it read.
import { useState, type ReactNode } from "react";
import { formatPhone } from "../../core/phone";
import type { CrmPhone, PhoneFoundBy } from "../../protocol/record";

const READERS: Record<string, string> = {
  salesforce: "Salesforce reader",
  hubspot: "HubSpot reader",
  pipedrive: "Pipedrive reader",
  zoho: "Zoho reader",
  close: "Close reader",
  generic: "generic page reader",
  rep: "you",
};
const LAYERS: Record<PhoneFoundBy["layer"], string> = {
  site: "the CRM's own fields",
  labelled: "a labelled field in the record",
  link: "a tel:/sms: link on the page",
  picked: "picked on the page",
  typed: "typed in the panel",
  "context-menu": "the right-click menu",
};
const LABELS: Record<CrmPhone["label"], string> = { mobile: "Mobile", work: "Work", home: "Home", other: "Other" };

export function describeFoundBy(foundBy: PhoneFoundBy | undefined): string {
  if (!foundBy) return "Found by an older Sidetext reader (no details kept).";
  const reader = READERS[foundBy.reader] ?? `${foundBy.reader} reader`;
  const how = foundBy.reader === "rep" ? `You gave it: ${LAYERS[foundBy.layer]}` : `Found by the ${reader} in ${LAYERS[foundBy.layer]}`;
  return foundBy.detail && foundBy.reader !== "rep" ? `${how} (${foundBy.detail}).` : `${how}.`;
}

export function WhyNumber({ phones, shown, reason, beside }: { phones: CrmPhone[]; shown: string | null; reason?: string; beside?: ReactNode }) {
  const [open, setOpen] = useState(false);
  return (
    <div className="st-why">
      <div className="st-panel-tools-row">
        <button type="button" className="st-link" data-testid="why-number" aria-expanded={open} aria-controls="st-why-list" onClick={() => setOpen(!open)}>
          Why this number?
        </button>
        {beside}
      </div>
      {open && (
        <ul id="st-why-list" className="st-why-list" data-testid="why-number-list">
          {phones.length === 0 && <li>Sidetext found no phone number on this page.</li>}
          {reason && phones.length > 0 && (
            <li className="st-hint" data-testid="why-number-reason">
              {reason}
            </li>
          )}
          {phones.map((p) => (
            <li key={p.e164} data-testid="why-number-item" className={p.e164 === shown ? "is-shown" : ""}>
              <strong>
                {LABELS[p.label]} · {formatPhone(p.e164)}
                {p.extension ? ` x${p.extension}` : ""}
              </strong>
              {p.e164 === shown && <span className="st-why-badge">shown</span>}
              <div className="st-hint">{describeFoundBy(p.foundBy)}</div>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
