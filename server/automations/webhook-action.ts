// A rule's "send a webhook": a delivery to an endpoint an admin registered (chosen by id; a rule never carries
// a URL), queued in the rule's own transaction on the webhook queue (server/integrations/webhooks), so it is
// signed with the endpoint's secret (Standard Webhooks), retried on the schedule and shown in its delivery log.
// The webhook-id is the rule's run and action, so a retried run queues it once (unique per endpoint).
import type { Rule } from "../../src/protocol/automations";
import type { Conversation } from "../../src/protocol/entities";
import type { Tx } from "../events/transaction";
import { findContactById } from "../contacts/contacts.repository";
import { insertJobs } from "../integrations/webhooks/webhook-jobs.repository";
import { endpointRow } from "../integrations/webhooks/webhooks.repository";
import { feedHead } from "../push/push-jobs.repository";

/** The webhook event type of a rule's delivery (not one endpoints subscribe to: the rule picks the endpoint). */
const TYPE = "automation.webhook";

export async function webhookAction(tx: Tx, rule: Rule, endpointId: string, c: Conversation, key: string, at: Date): Promise<string> {
  const endpoint = await endpointRow(tx.db, endpointId);
  if (!endpoint) return "webhook skipped: the endpoint was removed";
  if (endpoint.disabledAt) return `webhook skipped: ${endpoint.url} is switched off (${endpoint.disabledReason ?? "by an admin"})`;
  const timestamp = at.toISOString();
  const contact = await findContactById(tx.db, c.contactId);
  const payload = JSON.stringify({ type: TYPE, timestamp, data: { rule: { id: rule.id, name: rule.name }, conversation: c, contact } });
  const messageId = `msg_${`${rule.id}_${key}`.replace(/[^\w-]/g, "_")}`;
  // Ordered after what the receiver already gets about this conversation (its events up to now).
  const job = { endpointId, messageId, eventType: TYPE, orderKey: `cnv:${c.id}`, position: await feedHead(tx.db), payload };
  await insertJobs(tx.db, [job], timestamp);
  return `webhook queued to ${endpoint.url}`;
}
