// Admin rules for webhook endpoints: register (the secret shown once), change, re-enable, rotate the secret
// (the old one keeps signing for 24 h), remove, send a test event, replay a delivery.
import type { ServerContext } from "../../context";
import type { AuthedUser } from "../../auth/authenticate";
import { requireAdmin } from "../../auth/permissions";
import { AppError, notFound } from "../../errors";
import { newId, now } from "../../ids";
import { checkDestination, DestinationRefused } from "./webhook-destination";
import { webhookBody } from "./webhook-events";
import { cancelPending, insertJobs } from "./webhook-jobs.repository";
import { newSigningSecret, sealSecret } from "./webhook-secret";
import { allowLocalDestinations } from "./webhook-sender";
import { deleteEndpointRow, deliveryOf, endpointRow, insertEndpoint, requeueDelivery, toEndpoint, updateEndpointRow } from "./webhooks.repository";
import type { WebhookEndpointTable } from "./webhooks.schema";
import { nudgeWebhooks } from "./start-webhooks";
import { inTransaction, type Tx } from "../../events/transaction";
import { changedFields, recordAdminChange, secretChange, urlWithoutSecrets } from "../../audit/admin-changes";

const ROTATION_OVERLAP_MS = 24 * 3600_000;

/** An endpoint's URL, checked against SSRF (webhook-destination.ts): a refusal is a 400 naming the reason. */
const checkedUrl = (ctx: ServerContext, raw: string) =>
  checkDestination(raw, allowLocalDestinations(ctx)).catch((err) => {
    throw err instanceof DestinationRefused ? new AppError("validation_failed", err.message) : err;
  });

// The audit trail's view of an endpoint: its signing secret is only ever "set" or "rotated".
const hookSettings = ["url", "description", "eventTypes", "enabled"] as const;
const settingsOf = (r: WebhookEndpointTable) => ({
  url: urlWithoutSecrets(r.url),
  description: r.description,
  eventTypes: JSON.parse(r.eventTypes),
  enabled: r.disabledAt === null,
});
async function recordEndpointChange(
  tx: Tx,
  type: "audit.webhook.created" | "audit.webhook.updated",
  user: AuthedUser,
  before: WebhookEndpointTable | null,
  id: string,
  secret?: "set" | "rotated",
) {
  const after = (await endpointRow(tx.db, id))!;
  const changes = changedFields(before && settingsOf(before), settingsOf(after), hookSettings);
  if (secret) changes.push(secretChange("secret", secret));
  await recordAdminChange(tx, type, user.id, { id, label: `Webhook ${urlWithoutSecrets(after.url)}`, changes });
}

export interface EndpointInput {
  url: string;
  description?: string;
  eventTypes: string[];
}

export async function createEndpoint(ctx: ServerContext, user: AuthedUser, input: EndpointInput) {
  requireAdmin(user);
  const url = await checkedUrl(ctx, input.url);
  const id = newId("whe");
  const secret = newSigningSecret();
  const at = now();
  await inTransaction(ctx.database.db, ctx.bus, async (tx) => {
    await insertEndpoint(tx.db, {
      id,
      url: url.href,
      description: input.description ?? "",
      eventTypes: JSON.stringify([...new Set(input.eventTypes)]),
      secretSealed: sealSecret(ctx.config.secretKey, id, secret),
      previousSecretSealed: null,
      previousSecretUntil: null,
      disabledAt: null,
      disabledReason: null,
      createdAt: at,
      updatedAt: at,
    });
    await recordEndpointChange(tx, "audit.webhook.created", user, null, id, "set");
  });
  return { endpoint: await endpointOf(ctx, id), secret };
}

async function endpointOf(ctx: ServerContext, id: string) {
  const row = await endpointRow(ctx.database.db, id);
  if (!row) throw notFound("Webhook endpoint");
  return toEndpoint(row);
}

export async function readEndpoint(ctx: ServerContext, user: AuthedUser, id: string) {
  requireAdmin(user);
  return endpointOf(ctx, id);
}

export async function updateEndpoint(ctx: ServerContext, user: AuthedUser, id: string, patch: Partial<EndpointInput> & { enabled?: boolean }) {
  requireAdmin(user);
  const before = await endpointRow(ctx.database.db, id);
  if (!before) throw notFound("Webhook endpoint");
  const at = now();
  const set: Partial<WebhookEndpointTable> = { updatedAt: at };
  if (patch.url !== undefined) set.url = (await checkedUrl(ctx, patch.url)).href;
  if (patch.description !== undefined) set.description = patch.description;
  if (patch.eventTypes !== undefined) set.eventTypes = JSON.stringify([...new Set(patch.eventTypes)]);
  if (patch.enabled === true) Object.assign(set, { disabledAt: null, disabledReason: null });
  if (patch.enabled === false) Object.assign(set, { disabledAt: at, disabledReason: "Switched off by an admin" });
  await inTransaction(ctx.database.db, ctx.bus, async (tx) => {
    await updateEndpointRow(tx.db, id, set);
    await recordEndpointChange(tx, "audit.webhook.updated", user, before, id);
  });
  if (patch.enabled === false) await cancelPending(ctx.database.db, id, at);
  return endpointOf(ctx, id);
}

export async function deleteEndpoint(ctx: ServerContext, user: AuthedUser, id: string) {
  requireAdmin(user);
  const row = await endpointRow(ctx.database.db, id);
  if (!row) throw notFound("Webhook endpoint");
  await inTransaction(ctx.database.db, ctx.bus, async (tx) => {
    await deleteEndpointRow(tx.db, id);
    const label = `Webhook ${urlWithoutSecrets(row.url)}`;
    await recordAdminChange(tx, "audit.webhook.deleted", user.id, { id, label, changes: [{ field: "url", from: urlWithoutSecrets(row.url) }] });
  });
}

/** A new secret, shown once; the current one keeps signing beside it for 24 h so receivers can switch over. */
export async function rotateSecret(ctx: ServerContext, user: AuthedUser, id: string, at = Date.now()) {
  requireAdmin(user);
  const row = await endpointRow(ctx.database.db, id);
  if (!row) throw notFound("Webhook endpoint");
  const secret = newSigningSecret();
  await inTransaction(ctx.database.db, ctx.bus, async (tx) => {
    await updateEndpointRow(tx.db, id, {
      secretSealed: sealSecret(ctx.config.secretKey, id, secret),
      previousSecretSealed: row.secretSealed,
      previousSecretUntil: new Date(at + ROTATION_OVERLAP_MS).toISOString(),
      updatedAt: new Date(at).toISOString(),
    });
    await recordEndpointChange(tx, "audit.webhook.updated", user, row, id, "rotated");
  });
  return { endpoint: await endpointOf(ctx, id), secret };
}

/** Queues a `webhook.test` delivery (sent like any other, logged like any other). */
export async function sendTestEvent(ctx: ServerContext, user: AuthedUser, id: string) {
  const endpoint = await readEndpoint(ctx, user, id);
  if (endpoint.disabledAt) throw new AppError("conflict", "This endpoint is switched off: enable it first (PATCH enabled: true)");
  const at = now();
  const messageId = newId("msg");
  const payload = webhookBody("webhook.test", at, { endpointId: id, message: "A test event from Sidetext" });
  await insertJobs(ctx.database.db, [{ endpointId: id, messageId, eventType: "webhook.test", orderKey: messageId, position: 0, payload }], at);
  nudgeWebhooks(ctx);
  return { messageId };
}

/** Sends a past delivery's event again (same body, same webhook-id, so receivers can tell it is a repeat). */
export async function replayDelivery(ctx: ServerContext, user: AuthedUser, id: string, deliveryId: string) {
  const endpoint = await readEndpoint(ctx, user, id);
  if (endpoint.disabledAt) throw new AppError("conflict", "This endpoint is switched off: enable it first (PATCH enabled: true)");
  const job = await deliveryOf(ctx.database.db, id, deliveryId);
  if (!job) throw notFound("Delivery");
  if (job.status === "pending") throw new AppError("conflict", "This delivery is still queued; it is sent at its next attempt");
  const at = now();
  await requeueDelivery(ctx.database.db, deliveryId, at);
  nudgeWebhooks(ctx);
  return { deliveryId };
}
