// The parts of a rule as form rows: its trigger and one condition (an action: ./action-fields.tsx) — each a kind picked from a list
// and the one or two values that kind needs. Switching kind starts that kind's values blank.
import type { Rule, RuleCondition } from "../../../src/protocol/automations";
import type { Inbox } from "../../../src/protocol/entities";

type Trigger = Rule["trigger"];
const statuses = ["open", "pending", "snoozed", "resolved"] as const;

const blankTrigger: Record<Trigger["type"], Trigger> = {
  "message.inbound": { type: "message.inbound", first: false },
  keyword: { type: "keyword", keyword: "", match: "exact" },
  "conversation.created": { type: "conversation.created" },
  "contact.tagAdded": { type: "contact.tagAdded" },
  "conversation.assigned": { type: "conversation.assigned" },
  "conversation.status": { type: "conversation.status" },
  event: { type: "event", eventType: "" },
  noAgentReply: { type: "noAgentReply", minutes: 15 },
  noCustomerReply: { type: "noCustomerReply", minutes: 60 * 24 },
  inStatus: { type: "inStatus", status: "pending", minutes: 60 },
  unassigned: { type: "unassigned", minutes: 15 },
  "sla.breached": { type: "sla.breached" },
};
const triggerLabels: Record<Trigger["type"], string> = {
  "message.inbound": "A customer texts",
  keyword: "A text has a keyword",
  "conversation.created": "A conversation starts",
  "contact.tagAdded": "A contact is tagged",
  "conversation.assigned": "A conversation is assigned",
  "conversation.status": "A conversation's status changes",
  event: "An event arrives from an app (lead.created…)",
  noAgentReply: "Nobody replied N minutes after a text",
  noCustomerReply: "The customer did not reply N minutes after our text",
  inStatus: "A conversation stays in a status for N minutes",
  unassigned: "A conversation stays unassigned for N minutes",
  "sla.breached": "A customer waited past the SLA target",
};

export function TriggerFields({ value, onChange }: { value: Trigger; onChange(t: Trigger): void }) {
  return (
    <div className="adm-inline-form">
      <select aria-label="Trigger" value={value.type} onChange={(e) => onChange(blankTrigger[e.target.value as Trigger["type"]])}>
        {Object.entries(triggerLabels).map(([type, label]) => (
          <option key={type} value={type}>
            {label}
          </option>
        ))}
      </select>
      {value.type === "message.inbound" && (
        <label className="adm-check">
          <input type="checkbox" checked={value.first} onChange={(e) => onChange({ ...value, first: e.target.checked })} /> Only the first text of a
          conversation
        </label>
      )}
      {value.type === "keyword" && (
        <>
          <input aria-label="Keyword" value={value.keyword} onChange={(e) => onChange({ ...value, keyword: e.target.value })} />
          <select aria-label="Keyword match" value={value.match} onChange={(e) => onChange({ ...value, match: e.target.value as "exact" | "contains" })}>
            <option value="exact">is the whole text</option>
            <option value="contains">appears in the text</option>
          </select>
        </>
      )}
      {value.type === "contact.tagAdded" && (
        <input
          aria-label="With the tag (empty: any tag)"
          placeholder="any tag"
          value={value.tag ?? ""}
          onChange={(e) => onChange({ type: value.type, ...(e.target.value ? { tag: e.target.value } : {}) })}
        />
      )}
      {value.type === "conversation.status" && (
        <select
          aria-label="New status"
          value={value.to ?? ""}
          onChange={(e) => onChange({ type: value.type, ...(e.target.value ? { to: e.target.value as Status } : {}) })}
        >
          <option value="">to any status</option>
          {statuses.map((s) => (
            <option key={s} value={s}>{`to ${s}`}</option>
          ))}
        </select>
      )}
      {value.type === "event" && (
        <>
          <input
            aria-label="Event type"
            placeholder="appointment.booked"
            value={value.eventType}
            onChange={(e) => onChange({ ...value, eventType: e.target.value })}
          />
          <label className="adm-check">
            <input
              type="checkbox"
              checked={!!value.at}
              onChange={(e) =>
                onChange({ type: "event", eventType: value.eventType, ...(e.target.checked ? { at: { field: "startsAt", minutes: -1440 } } : {}) })
              }
            />
            At a time in its data
          </label>
          {value.at && (
            <>
              <input
                aria-label="Minutes from that time (negative: before)"
                type="number"
                value={value.at.minutes}
                onChange={(e) => onChange({ ...value, at: { field: value.at?.field ?? "", minutes: Number(e.target.value) } })}
              />
              <input
                aria-label="Field with the time"
                value={value.at.field}
                onChange={(e) => onChange({ ...value, at: { minutes: value.at?.minutes ?? 0, field: e.target.value } })}
              />
            </>
          )}
        </>
      )}
      {value.type === "inStatus" && (
        <select aria-label="Status it stays in" value={value.status} onChange={(e) => onChange({ ...value, status: e.target.value as Status })}>
          {statuses.map((s) => (
            <option key={s}>{s}</option>
          ))}
        </select>
      )}
      {(value.type === "noAgentReply" || value.type === "noCustomerReply" || value.type === "inStatus" || value.type === "unassigned") && (
        <input
          aria-label="Minutes it waits"
          type="number"
          min={1}
          value={value.minutes}
          onChange={(e) => onChange({ ...value, minutes: Number(e.target.value) })}
        />
      )}
    </div>
  );
}
type Status = (typeof statuses)[number];

export const blankCondition = (type: RuleCondition["type"], inboxes: Inbox[]): RuleCondition =>
  ({
    inbox: { type: "inbox", inboxIds: inboxes[0] ? [inboxes[0].id] : [] },
    bodyContains: { type: "bodyContains", text: "" },
    assignee: { type: "assignee", is: "none" },
    status: { type: "status", in: ["open"] },
    businessHours: { type: "businessHours", within: false },
    noRecentAgentReply: { type: "noRecentAgentReply", minutes: 30 },
    localTime: { type: "localTime", from: "08:00", to: "21:00" },
    numberType: { type: "numberType", is: "mobile" },
    contactTag: { type: "contactTag", tag: "" },
    contactAttribute: { type: "contactAttribute", key: "", equals: "" },
  })[type] as RuleCondition;

export function ConditionFields({ value, inboxes, onChange }: { value: RuleCondition; inboxes: Inbox[]; onChange(c: RuleCondition): void }) {
  return (
    <>
      <select aria-label="Condition" value={value.type} onChange={(e) => onChange(blankCondition(e.target.value as RuleCondition["type"], inboxes))}>
        <option value="inbox">In the inbox</option>
        <option value="bodyContains">The text contains</option>
        <option value="assignee">Nobody is assigned</option>
        <option value="status">The status is</option>
        <option value="businessHours">Business hours</option>
        <option value="noRecentAgentReply">No teammate texted in the last N minutes</option>
        <option value="localTime">The contact's local time is between</option>
        <option value="numberType">The number is a</option>
        <option value="contactTag">The contact is tagged</option>
        <option value="contactAttribute">A contact field is</option>
      </select>
      {value.type === "localTime" && (
        <>
          <input aria-label="From (their time)" type="time" value={value.from} onChange={(e) => onChange({ ...value, from: e.target.value })} />
          <input aria-label="To (their time)" type="time" value={value.to} onChange={(e) => onChange({ ...value, to: e.target.value })} />
        </>
      )}
      {value.type === "numberType" && (
        <select aria-label="Number type" value={value.is} onChange={(e) => onChange({ ...value, is: e.target.value as "mobile" | "landline" })}>
          <option value="mobile">mobile</option>
          <option value="landline">landline</option>
        </select>
      )}
      {value.type === "noRecentAgentReply" && (
        <input
          aria-label="Minutes since a teammate's text"
          type="number"
          min={1}
          value={value.minutes}
          onChange={(e) => onChange({ ...value, minutes: Number(e.target.value) })}
        />
      )}
      {value.type === "contactTag" && <input aria-label="Tag" value={value.tag} onChange={(e) => onChange({ ...value, tag: e.target.value })} />}
      {value.type === "contactAttribute" && (
        <>
          <input aria-label="Field" placeholder="lifecycle" value={value.key} onChange={(e) => onChange({ ...value, key: e.target.value })} />
          <input aria-label="Value" value={value.equals} onChange={(e) => onChange({ ...value, equals: e.target.value })} />
        </>
      )}
      {value.type === "inbox" && (
        <select aria-label="Inbox" value={value.inboxIds[0] ?? ""} onChange={(e) => onChange({ ...value, inboxIds: [e.target.value] })}>
          {inboxes.map((i) => (
            <option key={i.id} value={i.id}>
              {i.name}
            </option>
          ))}
        </select>
      )}
      {value.type === "bodyContains" && <input aria-label="Words" value={value.text} onChange={(e) => onChange({ ...value, text: e.target.value })} />}
      {value.type === "status" && (
        <select aria-label="Status" value={value.in[0]} onChange={(e) => onChange({ ...value, in: [e.target.value as Status] })}>
          {statuses.map((s) => (
            <option key={s}>{s}</option>
          ))}
        </select>
      )}
      {value.type === "businessHours" && (
        <select aria-label="Within or outside" value={String(value.within)} onChange={(e) => onChange({ ...value, within: e.target.value === "true" })}>
          <option value="false">outside business hours</option>
          <option value="true">within business hours</option>
        </select>
      )}
    </>
  );
}
