// A rule in words, for the list: "When a customer texts · if outside business hours · then send a text".
import type { Rule, RuleAction, RuleCondition } from "../../../src/protocol/automations";

export function triggerInWords(t: Rule["trigger"]): string {
  switch (t.type) {
    case "message.inbound":
      return t.first ? "When a customer texts for the first time" : "When a customer texts";
    case "keyword":
      return `When a text ${t.match === "exact" ? "is" : "contains"} “${t.keyword}”`;
    case "conversation.created":
      return "When a conversation starts";
    case "contact.tagAdded":
      return t.tag ? `When a contact is tagged ${t.tag}` : "When a contact is tagged";
    case "conversation.assigned":
      return "When a conversation is assigned";
    case "conversation.status":
      return t.to ? `When a conversation becomes ${t.to}` : "When a conversation's status changes";
    case "event":
      if (!t.at) return `When ${t.eventType} arrives`;
      return `${Math.abs(t.at.minutes)} min ${t.at.minutes < 0 ? "before" : "after"} ${t.eventType}'s ${t.at.field}`;
    case "noAgentReply":
      return `When nobody replied ${t.minutes} min after a text`;
    case "noCustomerReply":
      return `When the customer did not reply ${t.minutes} min after our text`;
    case "inStatus":
      return `When a conversation stays ${t.status} for ${t.minutes} min`;
    case "unassigned":
      return `When a conversation stays unassigned for ${t.minutes} min`;
    case "sla.breached":
      return t.kind
        ? `When a customer waited past the ${t.kind === "firstResponse" ? "first-response" : "reply"} SLA target`
        : "When a customer waited past the SLA target";
  }
}

export function conditionInWords(c: RuleCondition): string {
  switch (c.type) {
    case "inbox":
      return `in ${c.inboxIds.length} inbox${c.inboxIds.length > 1 ? "es" : ""}`;
    case "bodyContains":
      return `the text contains “${c.text}”`;
    case "assignee":
      return c.is === "none" ? "unassigned" : "assigned to a given teammate";
    case "status":
      return `status is ${c.in.join(" or ")}`;
    case "businessHours":
      return c.within ? "within business hours" : "outside business hours";
    case "noRecentAgentReply":
      return `no teammate texted in the last ${c.minutes} min`;
    case "localTime":
      return `it is ${c.from}–${c.to} for the contact`;
    case "numberType":
      return `the number is a ${c.is}`;
    case "contactTag":
      return `tagged ${c.tag}`;
    case "contactAttribute":
      return `${c.key} is “${c.equals}”`;
  }
}

export function actionInWords(a: RuleAction): string {
  switch (a.type) {
    case "assign":
      if (a.to === "crmOwner") return "assign to the CRM record's owner";
      return a.to === "user" ? "assign to a teammate" : a.to === "roundRobin" ? "assign round robin" : "assign to whoever has fewest open";
    case "addTag":
      return `tag ${a.tag}`;
    case "removeTag":
      return `untag ${a.tag}`;
    case "webhook":
      return "send a webhook";
    case "wait":
      return a.minutes % 1440 === 0 ? `wait ${a.minutes / 1440} d` : a.minutes % 60 === 0 ? `wait ${a.minutes / 60} h` : `wait ${a.minutes} min`;
    case "sendTemplate":
      return "send a template";
    case "sendText":
      return "send a text";
    case "addNote":
      return "add a note";
    case "setStatus":
      return `set status ${a.status}`;
    case "snooze":
      return `snooze ${a.minutes} min`;
  }
}
