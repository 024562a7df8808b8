// One action of a rule as a form row: the kind picked from a list and the values it needs. A "Wait" row splits
// the actions into steps: what follows runs that long later (a follow-up), unless the rule's cancel-on events
// come first. A webhook goes only to an endpoint registered under Webhooks, picked by name, never a URL typed here.
import type { RuleAction, RuleBody } from "../../../src/protocol/automations";
import { cancelEvents } from "../../../src/protocol/scheduled-sends";
import type { Template } from "../../../src/protocol/entities";
import type { WebhookEndpoint } from "../integrations-api";

type Assign = Extract<RuleAction, { type: "assign" }>;
type Wait = Extract<RuleAction, { type: "wait" }>;

/** A new rule as the editors start it: on any inbound text, sending the first template, cancelled by every event. */
export const blankRule = (templates: Template[]): RuleBody => ({
  name: "",
  enabled: true,
  priority: 100,
  stopLower: false,
  trigger: { type: "message.inbound", first: false },
  match: "all",
  conditions: [],
  actions: [blankAction("sendText", templates)],
  cancelOn: [...cancelEvents],
});

export const blankAction = (type: RuleAction["type"], templates: Template[], endpoints: WebhookEndpoint[] = []): RuleAction =>
  ({
    assign: { type: "assign", to: "roundRobin" },
    sendTemplate: { type: "sendTemplate", templateId: templates[0]?.id ?? "" },
    sendText: { type: "sendText", body: "" },
    addNote: { type: "addNote", body: "" },
    setStatus: { type: "setStatus", status: "pending" },
    snooze: { type: "snooze", minutes: 60 },
    addTag: { type: "addTag", tag: "" },
    removeTag: { type: "removeTag", tag: "" },
    webhook: { type: "webhook", endpointId: endpoints.find((e) => !e.disabledAt)?.id ?? endpoints[0]?.id ?? "" },
    wait: { type: "wait", minutes: 60 },
  })[type] as RuleAction;

const labels: Record<RuleAction["type"], string> = {
  assign: "Assign",
  sendText: "Send a text",
  sendTemplate: "Send a template",
  addNote: "Add a note",
  setStatus: "Set the status",
  snooze: "Snooze",
  addTag: "Add a tag to the contact",
  removeTag: "Remove a tag from the contact",
  webhook: "Send a webhook",
  wait: "Wait, then go on (a follow-up step)",
};

interface Props {
  value: RuleAction;
  templates: Template[];
  endpoints: WebhookEndpoint[];
  onChange(a: RuleAction): void;
}

export function ActionFields({ value, templates, endpoints, onChange }: Props) {
  return (
    <>
      <select aria-label="Action" value={value.type} onChange={(e) => onChange(blankAction(e.target.value as RuleAction["type"], templates, endpoints))}>
        {Object.entries(labels).map(([type, label]) => (
          <option key={type} value={type}>
            {label}
          </option>
        ))}
      </select>
      {value.type === "assign" && <AssignFields value={value} onChange={onChange} />}
      {value.type === "wait" && <WaitFields value={value} onChange={onChange} />}
      {(value.type === "addTag" || value.type === "removeTag") && (
        <input aria-label="Tag" placeholder="vip" value={value.tag} onChange={(e) => onChange({ ...value, tag: e.target.value })} />
      )}
      {value.type === "webhook" &&
        (endpoints.length === 0 ? (
          <span className="st-hint" data-testid="rule-webhook-none">
            No webhook endpoints yet: register one under <a href="#/admin/webhooks">Webhooks</a> first.
          </span>
        ) : (
          <select aria-label="Webhook endpoint" value={value.endpointId} onChange={(e) => onChange({ ...value, endpointId: e.target.value })}>
            {endpoints.map((e) => (
              <option key={e.id} value={e.id}>
                {`${e.description || e.url}${e.disabledAt ? " (switched off)" : ""}`}
              </option>
            ))}
          </select>
        ))}
      {(value.type === "sendText" || value.type === "addNote") && (
        <textarea
          aria-label={value.type === "sendText" ? "Text to send" : "Note"}
          rows={2}
          value={value.body}
          onChange={(e) => onChange({ ...value, body: e.target.value })}
        />
      )}
      {value.type === "sendTemplate" && (
        <select aria-label="Template" value={value.templateId} onChange={(e) => onChange({ ...value, templateId: e.target.value })}>
          {templates.map((t) => (
            <option key={t.id} value={t.id}>
              {t.name}
            </option>
          ))}
        </select>
      )}
      {value.type === "setStatus" && (
        <select
          aria-label="Status to set"
          value={value.status}
          onChange={(e) => onChange({ ...value, status: e.target.value as "open" | "pending" | "resolved" })}
        >
          <option>open</option>
          <option>pending</option>
          <option>resolved</option>
        </select>
      )}
      {value.type === "snooze" && (
        <input
          aria-label="Snooze minutes"
          type="number"
          min={1}
          value={value.minutes}
          onChange={(e) => onChange({ ...value, minutes: Number(e.target.value) })}
        />
      )}
    </>
  );
}

function AssignFields({ value, onChange }: { value: Assign; onChange(a: RuleAction): void }) {
  return (
    <>
      <select aria-label="Assign to" value={value.to} onChange={(e) => onChange({ type: "assign", to: e.target.value as Assign["to"] })}>
        {value.to === "user" && <option value="user">the teammate chosen over the API</option>}
        <option value="roundRobin">round robin among the inbox's members</option>
        <option value="fewestOpen">whoever has the fewest open</option>
        <option value="crmOwner">the CRM record's owner</option>
      </select>
      {value.to === "crmOwner" && (
        <select
          aria-label="If the CRM owner is not known"
          value={value.fallback ?? "unassigned"}
          onChange={(e) => onChange({ ...value, fallback: e.target.value as NonNullable<Assign["fallback"]> })}
        >
          <option value="unassigned">if no owner is known: leave it unassigned</option>
          <option value="roundRobin">if no owner is known: round robin</option>
          <option value="fewestOpen">if no owner is known: whoever has the fewest open</option>
        </select>
      )}
    </>
  );
}

/** Minutes, shown in the largest whole unit (90 stays minutes; 120 shows as 2 hours). */
const units = [
  { name: "days", minutes: 1440 },
  { name: "hours", minutes: 60 },
  { name: "minutes", minutes: 1 },
] as const;

function WaitFields({ value, onChange }: { value: Wait; onChange(a: RuleAction): void }) {
  const unit = units.find((u) => value.minutes % u.minutes === 0) ?? units[2];
  return (
    <>
      <input
        aria-label="Wait for"
        type="number"
        min={1}
        value={value.minutes / unit.minutes}
        onChange={(e) => onChange({ ...value, minutes: Math.round(Number(e.target.value) * unit.minutes) })}
      />
      <select
        aria-label="Wait unit"
        value={unit.name}
        onChange={(e) => onChange({ ...value, minutes: (value.minutes / unit.minutes) * (units.find((u) => u.name === e.target.value)?.minutes ?? 1) })}
      >
        {units.map((u) => (
          <option key={u.name} value={u.name}>
            {u.name}
          </option>
        ))}
      </select>
      <span className="st-hint">then the actions below it run, unless one of the events under “cancelled when” happens first</span>
    </>
  );
}
