// Salesforce through jsforce: OAuth refresh token (connected app) or username + password + security token.
// A message is a completed Task on the Contact or Lead (WhoId; WhatId = the contact's Account). TaskSubtype
// has no SMS value, so `Type` carries "SMS" (a value the admin adds to the Task Type picklist).
// https://developer.salesforce.com/docs/platform/object-reference/references/standard-objects/object-task.html
import { Connection } from "jsforce";
import type { SalesforceCredentials } from "./crm-credentials";
import { type CrmAdapter, type CrmLogEntry, type CrmMatch, CrmFailure, failureFromStatus } from "./crm-adapter";

const API_VERSION = "62.0";
type Credentials = SalesforceCredentials;

export function salesforceAdapter(apiBase: string, credentials: Credentials): CrmAdapter {
  const loginUrl = apiBase.replace(/\/$/, "");
  let session: Promise<Connection> | null = null;
  const open = () => {
    session ??= login(loginUrl, credentials).catch((err) => {
      session = null;
      throw err;
    });
    return session;
  };
  const fields = (entry: CrmLogEntry) => ({
    Subject: entry.subject,
    Description: entry.body,
    Type: "SMS",
    Status: "Completed",
    ActivityDate: entry.occurredAt.slice(0, 10),
  });

  return {
    async connect() {
      const conn = await open();
      // An authenticated call that any user with API access may make.
      const org = await call(async () => await conn.query<{ Id: string }>("SELECT Id, Name FROM Organization LIMIT 1"));
      return { instanceUrl: conn.instanceUrl, organizationId: org.records[0]?.Id ?? null };
    },
    async findPerson(numbers, mapped) {
      const conn = await open();
      // SOSL reserves these characters; a phone number needs only + - ( ) escaped.
      const terms = numbers.map((n) => `"${n.replace(/[?&|!{}[\]()^~*:\\"'+-]/g, (c) => `\\${c}`)}"`).join(" OR ");
      const sosl = `FIND {${terms}} IN PHONE FIELDS RETURNING Contact(${contactFields(mapped)}), Lead(Id, Name, Company, OwnerId, Owner.Email, Phone, MobilePhone, Email)`;
      const result = await call(() => conn.search(sosl));
      const hit = result.searchRecords[0] as Record<string, unknown> | undefined;
      return hit ? toMatch(hit, conn.instanceUrl) : null;
    },
    async createLog(entry) {
      const conn = await open();
      const what = entry.person.crmType === "Contact" && entry.person.companyId ? { WhatId: entry.person.companyId } : {};
      const saved = await call(() => conn.sobject("Task").create({ WhoId: entry.person.crmId, ...what, ...fields(entry) }));
      if (!saved.success) throw new CrmFailure(`Salesforce refused the Task: ${JSON.stringify(saved.errors)}`, false);
      return saved.id;
    },
    async updateLog(recordId, entry) {
      const conn = await open();
      const saved = await call(() => conn.sobject("Task").update({ Id: recordId, ...fields(entry) }));
      if (!saved.success) throw new CrmFailure(`Salesforce refused the Task update: ${JSON.stringify(saved.errors)}`, false);
    },
  };
}

async function login(loginUrl: string, credentials: Credentials): Promise<Connection> {
  if ("refreshToken" in credentials) {
    const oauth2 = { clientId: credentials.clientId, clientSecret: credentials.clientSecret, loginUrl, redirectUri: `${loginUrl}/services/oauth2/success` };
    const first = new Connection({ oauth2, version: API_VERSION });
    const token = await call(() => first.oauth2.refreshToken(credentials.refreshToken));
    // With the refresh token kept, jsforce refreshes by itself when the access token expires (401 INVALID_SESSION_ID).
    const conn = new Connection({
      oauth2,
      version: API_VERSION,
      accessToken: token.access_token,
      instanceUrl: token.instance_url,
      refreshToken: credentials.refreshToken,
    });
    return conn;
  }
  const conn = new Connection({ loginUrl, version: API_VERSION });
  await call(() => conn.login(credentials.username, `${credentials.password}${credentials.securityToken}`));
  return conn;
}

// Owner.Email: the record owner's email (a User; a Lead's queue owner has none), for rules assigning to the record's owner.
const CONTACT_FIELDS = ["Id", "Name", "AccountId", "Account.Name", "OwnerId", "Owner.Email", "Phone", "MobilePhone", "Email"];
/** Mapped fields are read from Contacts only (a Lead may lack them); a name SOQL could not take is left out. */
const contactFields = (mapped: string[]) => [...new Set([...CONTACT_FIELDS, ...mapped.filter((f) => /^[A-Za-z][A-Za-z0-9_]*(__c)?$/.test(f))])].join(", ");

function toMatch(r: Record<string, unknown>, instanceUrl: string): CrmMatch {
  const type = (r.attributes as { type: string }).type;
  const str = (v: unknown) => (typeof v === "string" ? v : null);
  const account = r.Account as { Name?: string } | null | undefined;
  const owner = r.Owner as { Email?: string } | null | undefined;
  const properties = Object.fromEntries(Object.entries(r).filter((e): e is [string, string] => typeof e[1] === "string"));
  return {
    crmType: type,
    crmId: String(r.Id),
    name: str(r.Name),
    company: str(account?.Name) ?? str(r.Company),
    companyId: str(r.AccountId),
    ownerId: str(r.OwnerId),
    ownerEmail: str(owner?.Email)?.toLowerCase() ?? null,
    url: `${instanceUrl}/lightning/r/${type}/${r.Id}/view`,
    properties,
  };
}

async function call<T>(request: () => Promise<T>): Promise<T> {
  try {
    return await request();
  } catch (err) {
    if (err instanceof CrmFailure) throw err;
    const e = err as { statusCode?: number; status?: number; errorCode?: string; name?: string; message?: string; headers?: Record<string, string> };
    const status = e.statusCode ?? e.status ?? statusOfCode(e.errorCode ?? e.name);
    throw failureFromStatus("Salesforce", status, e.message ?? String(err), e.headers?.["retry-after"]);
  }
}

/** jsforce names some failures by code only. */
function statusOfCode(code: string | undefined): number | undefined {
  if (!code) return undefined;
  if (code === "INVALID_SESSION_ID" || code === "invalid_grant" || code === "INVALID_LOGIN") return 401;
  // The org's API limit: worth another try later, like a 429.
  if (code === "REQUEST_LIMIT_EXCEEDED") return 429;
  if (code === "SERVER_UNAVAILABLE") return 503;
  if (code === "UNKNOWN_EXCEPTION") return 500;
  if (/^ERROR_HTTP_(\d{3})$/.test(code)) return Number(code.slice(11));
  return 400;
}
