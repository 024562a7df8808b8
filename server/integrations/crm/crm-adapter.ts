// One interface for every CRM (HubSpot, Salesforce, Pipedrive): check the connection, find a contact by
// phone, and create or update the record a message, note or transcript was logged as. Failures are
// CrmFailure: retryable (429, 5xx, network) with the wait the CRM asked for, or permanent (kept and shown).

export type CrmProvider = "hubspot" | "salesforce" | "pipedrive";
export const providerNames: Record<CrmProvider, string> = { hubspot: "HubSpot", salesforce: "Salesforce", pipedrive: "Pipedrive" };

/** The CRM person a phone number matched. */
export interface CrmMatch {
  crmType: string;
  crmId: string;
  name: string | null;
  company: string | null;
  companyId: string | null;
  ownerId: string | null;
  /** The owner's email where the CRM says (a rule assigns the conversation to the teammate with it). */
  ownerEmail?: string | null;
  url: string;
  /** Every property read, for the admin's field map (CRM property → contact attribute). */
  properties: Record<string, string>;
}

/** What is written on the CRM record: one message, one note, or a conversation's transcript. */
export interface CrmLogEntry {
  kind: "message" | "note" | "transcript";
  direction: "inbound" | "outbound" | null;
  /** Subject line ("Outgoing SMS", "Incoming SMS", "Note", "SMS conversation"). */
  subject: string;
  /** The text as logged, direction and delivery status included. */
  body: string;
  occurredAt: string;
  person: { crmType: string; crmId: string; companyId: string | null };
  /** The teammate who wrote it (an outbound text, a note): the record's owner where the CRM has them as a user. */
  agentEmail?: string | null;
}

export interface CrmAdapter {
  /** An authenticated call; returns what later calls need (e.g. Pipedrive's SMS activity type). */
  connect(): Promise<Record<string, unknown>>;
  /** `mapped`: the CRM properties the admin mapped onto contact attributes, read besides the usual ones. */
  findPerson(numbers: string[], mapped: string[]): Promise<CrmMatch | null>;
  createLog(entry: CrmLogEntry): Promise<string>;
  updateLog(recordId: string, entry: CrmLogEntry): Promise<void>;
  /** Where the CRM has a batch endpoint: many records in one request; the id of each made, by the caller's key. */
  createLogs?(entries: Array<{ key: string; entry: CrmLogEntry }>): Promise<Map<string, string>>;
  /** The record an earlier run made for `entry` and died before storing the id of (an orphaned job), or null. */
  findLog?(entry: CrmLogEntry): Promise<string | null>;
}

export class CrmFailure extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly retryAfterMs: number | null = null,
  ) {
    super(message);
  }
}

/** Seconds or an HTTP date, as Retry-After allows (RFC 9110 §10.2.3). */
function retryAfterMs(value: string | undefined | null): number | null {
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - Date.now());
}

/** A failure from an HTTP status: 429, 5xx and no answer at all are worth another try. */
export function failureFromStatus(provider: string, status: number | undefined, detail: string, retryAfter?: string | null): CrmFailure {
  if (!status) return new CrmFailure(`${provider} did not answer: ${detail}`, true);
  const retryable = status === 429 || status >= 500;
  const what = status === 401 ? "refused the credentials (401)" : status === 403 ? "refused: missing permission (403)" : `answered ${status}`;
  return new CrmFailure(`${provider} ${what}: ${detail}`.slice(0, 500), retryable, retryAfterMs(retryAfter));
}
