// CRM connections (HubSpot, Salesforce, Pipedrive) and the log status of each message: the wire shapes.
// Credentials go in and never come back out; a connection shows only which kind it holds.
import { z } from "zod";
import { isoTime } from "./entities";

const crmProviders = ["hubspot", "salesforce", "pipedrive"] as const;
const crmLogModes = ["messages", "transcript", "both"] as const;

const attributeName = z
  .string()
  .trim()
  .regex(/^[a-zA-Z][a-zA-Z0-9_-]{0,40}$/, "must be a contact attribute name usable as {{contact.name}} (letters, digits, _ or -)");
/** CRM property name → contact attribute name (filled on contact sync, used as {{contact.attribute}}). */
const FieldMap = z.record(z.string().trim().min(1).max(100), attributeName).refine((m) => Object.keys(m).length <= 50, "at most 50 mapped fields");
const apiBase = z.url({ protocol: /^https?$/ }).max(300);

export const CrmConnectionBody = z.strictObject({
  provider: z.enum(crmProviders),
  label: z.string().trim().min(1).max(100).optional(),
  /** The API's base URL (the Salesforce login URL for Salesforce); the vendor's default when left out. */
  apiBase: apiBase.optional(),
  logMode: z.enum(crmLogModes).default("messages"),
  fieldMap: FieldMap.default({}),
  /** HubSpot {accessToken}; Salesforce {username, password, securityToken} or {clientId, clientSecret?, refreshToken}; Pipedrive {apiToken}. */
  credentials: z.record(z.string(), z.unknown()),
});
export type CrmConnectionBody = z.infer<typeof CrmConnectionBody>;

export const CrmConnectionPatchBody = z.strictObject({
  label: z.string().trim().min(1).max(100).optional(),
  apiBase: apiBase.optional(),
  logMode: z.enum(crmLogModes).optional(),
  fieldMap: FieldMap.optional(),
  credentials: z.record(z.string(), z.unknown()).optional(),
});

export const CrmConnection = z.object({
  id: z.string(),
  provider: z.enum(crmProviders),
  label: z.string(),
  apiBase: z.string(),
  logMode: z.enum(crmLogModes),
  fieldMap: z.record(z.string(), z.string()),
  createdAt: isoTime,
  updatedAt: isoTime,
});
export type CrmConnection = z.infer<typeof CrmConnection>;
export const CrmConnectionResponse = z.object({ connection: CrmConnection });
export const CrmConnectionsResponse = z.object({ connections: z.array(CrmConnection) });

/** Where one message, note or transcript stands in one connected CRM. */
export const CrmLogStatus = z.object({
  entityId: z.string(),
  connectionId: z.string(),
  provider: z.enum(crmProviders),
  status: z.enum(["logged", "pending", "failed"]),
  error: z.string().optional(),
  crmRecordId: z.string().nullable(),
});
export type CrmLogStatus = z.infer<typeof CrmLogStatus>;
export const CrmLogResponse = z.object({
  crmLog: z.array(CrmLogStatus),
  /** For a conversation: whether a connected CRM logs each message (so a new message will get an entry soon). */
  logsMessages: z.boolean().optional(),
});
export type CrmLogAnswer = z.infer<typeof CrmLogResponse>;
