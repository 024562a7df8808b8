// Each CRM's credentials: checked per provider, sealed like carrier credentials (AES-256-GCM under
// SIDETEXT_SECRET_KEY, bound to the connection id), never returned. A bad field is a 400 naming it.
import { z } from "zod";
import { AppError } from "../../errors";
import { decryptCredentials, encryptCredentials } from "../../carriers/credentials";
import type { CrmProvider } from "./crm-adapter";

const HubspotCredentials = z.strictObject({
  accessToken: z.string().trim().min(10, "must be the private app's access token (pat-…)").max(500),
});

export type HubspotCredentials = z.infer<typeof HubspotCredentials>;

const text = (what: string) => z.string().trim().min(1, `must be the ${what}`).max(500);

const SalesforceCredentials = z.union([
  z.strictObject({
    clientId: text("connected app's consumer key"),
    clientSecret: text("consumer secret").optional(),
    refreshToken: text("OAuth refresh token"),
  }),
  z.strictObject({ username: text("Salesforce username"), password: text("password"), securityToken: z.string().trim().max(100).default("") }),
]);

export type SalesforceCredentials = z.infer<typeof SalesforceCredentials>;

const PipedriveCredentials = z.strictObject({
  apiToken: z.string().trim().min(20, "must be the personal API token (Settings → Personal preferences → API)").max(200),
});

export type PipedriveCredentials = z.infer<typeof PipedriveCredentials>;

const schemas = { hubspot: HubspotCredentials, salesforce: SalesforceCredentials, pipedrive: PipedriveCredentials } as const;
export type CrmCredentials<P extends CrmProvider = CrmProvider> = z.infer<(typeof schemas)[P]>;

export const defaultApiBase: Record<CrmProvider, string> = {
  hubspot: "https://api.hubapi.com",
  salesforce: "https://login.salesforce.com",
  pipedrive: "https://api.pipedrive.com",
};

export function parseCrmCredentials(provider: CrmProvider, raw: unknown): CrmCredentials {
  const result = schemas[provider].safeParse(raw ?? {});
  if (result.success) return result.data;
  const issues = result.error.issues.map((i) => ({ path: ["credentials", ...i.path].join("."), message: i.message }));
  throw new AppError("validation_failed", issues.map((i) => `${i.path}: ${i.message}`).join("; "), issues);
}

/** The AAD is namespaced so a CRM ciphertext never decrypts as an inbox's carrier credentials. */
const boundTo = (connectionId: string) => `crm:${connectionId}`;

export const sealCrmCredentials = (secret: string, connectionId: string, credentials: CrmCredentials) =>
  encryptCredentials(secret, boundTo(connectionId), credentials);

export const openCrmCredentials = (secret: string, connectionId: string, provider: CrmProvider, sealed: string): CrmCredentials =>
  parseCrmCredentials(provider, decryptCredentials(secret, boundTo(connectionId), sealed));
