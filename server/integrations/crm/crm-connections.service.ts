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
import { deleteConnection, findConnection, insertConnection, toCrmConnection, updateConnection, type CrmConnectionRow } from "./crm-connections.repository";

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
  await insertConnection(ctx.database.db, row);
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
  await updateConnection(ctx.database.db, id, changes);
  return toCrmConnection({ ...row, ...changes });
}

export async function disconnectCrm(ctx: ServerContext, user: AuthedUser, id: string): Promise<void> {
  requireCrmAdmin(user);
  if (!(await deleteConnection(ctx.database.db, id))) throw notFound("CRM connection");
}
