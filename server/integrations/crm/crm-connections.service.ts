// Connecting a CRM: owners and admins only. The credentials are checked with an authenticated call before
// anything is stored (a refused token is a 400 that changes nothing), then sealed; what the check learned
// (HubSpot's portal, Salesforce's instance, Pipedrive's SMS activity type) is kept as the connection's state.
import type { ServerContext } from "../../context";
import type { AuthedUser } from "../../auth/authenticate";
import { AppError, notFound } from "../../errors";
import { newId, now } from "../../ids";
import type { CrmConnection, CrmConnectionBody } from "../../../src/protocol/crm";
import { CrmFailure, providerNames, type CrmAdapter, type CrmProvider } from "./crm-adapter";
import { defaultApiBase, openCrmCredentials, parseCrmCredentials, sealCrmCredentials, type CrmCredentials } from "./crm-credentials";
import { inTransaction } from "../../events/transaction";
import { changedFields, recordAdminChange, secretChange, urlWithoutSecrets } from "../../audit/admin-changes";
import { deleteConnection, findConnection, insertConnection, toCrmConnection, updateConnection, type CrmConnectionRow } from "./crm-connections.repository";

// The audit trail's view of a connection: its credentials are only ever "set" or "replaced".
const crmSettings = ["provider", "label", "apiBase", "logMode", "fieldMap"] as const;
const settingsOf = (r: CrmConnectionRow) => ({ ...r, apiBase: urlWithoutSecrets(r.apiBase), fieldMap: JSON.parse(r.fieldMap) });
const labelOf = (r: CrmConnectionRow) => `CRM connection “${r.label}”`;

export function requireCrmAdmin(user: AuthedUser) {
  if (user.role !== "owner" && user.role !== "admin") throw new AppError("forbidden", "Only owners and admins connect CRMs");
}

/** The vendor packages load when a CRM is first used, not with every server start. */
async function adapterFor(provider: CrmProvider, apiBase: string, credentials: CrmCredentials, state: Record<string, unknown>): Promise<CrmAdapter> {
  if (provider === "hubspot") return (await import("./hubspot")).hubspotAdapter(apiBase, credentials as never, state);
  if (provider === "salesforce") return (await import("./salesforce")).salesforceAdapter(apiBase, credentials as never);
  return (await import("./pipedrive")).pipedriveAdapter(apiBase, credentials as never, state);
}

/** The adapter of a stored connection (credentials opened with the server's key). */
export function adapterOf(ctx: ServerContext, row: CrmConnectionRow): Promise<CrmAdapter> {
  const provider = row.provider as CrmProvider;
  return adapterFor(provider, row.apiBase, openCrmCredentials(ctx.config.secretKey, row.id, provider, row.credentialsEncrypted), JSON.parse(row.state));
}

async function connectOrRefuse(provider: CrmProvider, apiBase: string, credentials: CrmCredentials): Promise<Record<string, unknown>> {
  try {
    return await (await adapterFor(provider, apiBase, credentials, {})).connect();
  } catch (err) {
    const message = err instanceof CrmFailure || err instanceof Error ? err.message : String(err);
    throw new AppError("validation_failed", `Could not connect to ${providerNames[provider]}: ${message}`);
  }
}

export async function connectCrm(ctx: ServerContext, user: AuthedUser, body: CrmConnectionBody): Promise<CrmConnection> {
  requireCrmAdmin(user);
  const credentials = parseCrmCredentials(body.provider, body.credentials);
  const apiBase = body.apiBase ?? defaultApiBase[body.provider];
  const state = await connectOrRefuse(body.provider, apiBase, credentials);
  const id = newId("crm");
  const at = now();
  const row: CrmConnectionRow = {
    id,
    provider: body.provider,
    label: body.label ?? providerNames[body.provider],
    apiBase,
    credentialsEncrypted: sealCrmCredentials(ctx.config.secretKey, id, credentials),
    logMode: body.logMode,
    fieldMap: JSON.stringify(body.fieldMap),
    state: JSON.stringify(state),
    createdAt: at,
    updatedAt: at,
  };
  await inTransaction(ctx.database.db, ctx.bus, async (tx) => {
    await insertConnection(tx.db, row);
    const changes = [...changedFields(null, settingsOf(row), crmSettings), secretChange("credentials", "set")];
    await recordAdminChange(tx, "audit.crm.connected", user.id, { id, label: labelOf(row), changes });
  });
  return toCrmConnection(row);
}

type Patch = Partial<Omit<CrmConnectionBody, "provider" | "credentials">> & { credentials?: Record<string, unknown> };

export async function changeCrmConnection(ctx: ServerContext, user: AuthedUser, id: string, patch: Patch): Promise<CrmConnection> {
  requireCrmAdmin(user);
  const row = await findConnection(ctx.database.db, id);
  if (!row) throw notFound("CRM connection");
  const provider = row.provider as CrmProvider;
  const changes: Partial<CrmConnectionRow> = { updatedAt: now() };
  if (patch.label !== undefined) changes.label = patch.label;
  if (patch.logMode !== undefined) changes.logMode = patch.logMode;
  if (patch.fieldMap !== undefined) changes.fieldMap = JSON.stringify(patch.fieldMap);
  if (patch.credentials !== undefined || patch.apiBase !== undefined) {
    // A new token or address is checked like a new connection before it replaces the old one.
    const credentials = patch.credentials
      ? parseCrmCredentials(provider, patch.credentials)
      : openCrmCredentials(ctx.config.secretKey, id, provider, row.credentialsEncrypted);
    const apiBase = patch.apiBase ?? row.apiBase;
    changes.state = JSON.stringify(await connectOrRefuse(provider, apiBase, credentials));
    changes.apiBase = apiBase;
    changes.credentialsEncrypted = sealCrmCredentials(ctx.config.secretKey, id, credentials);
  }
  const next = { ...row, ...changes };
  await inTransaction(ctx.database.db, ctx.bus, async (tx) => {
    await updateConnection(tx.db, id, changes);
    const diff = changedFields(settingsOf(row), settingsOf(next), crmSettings);
    if (patch.credentials !== undefined) diff.push(secretChange("credentials", "replaced"));
    await recordAdminChange(tx, "audit.crm.updated", user.id, { id, label: labelOf(next), changes: diff });
  });
  return toCrmConnection(next);
}

export async function disconnectCrm(ctx: ServerContext, user: AuthedUser, id: string): Promise<void> {
  requireCrmAdmin(user);
  await inTransaction(ctx.database.db, ctx.bus, async (tx) => {
    const row = await findConnection(tx.db, id);
    if (!row || !(await deleteConnection(tx.db, id))) throw notFound("CRM connection");
    await recordAdminChange(tx, "audit.crm.disconnected", user.id, { id, label: labelOf(row), changes: [{ field: "provider", from: row.provider }] });
  });
}
