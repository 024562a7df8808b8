// A strict fake Salesforce org for the CRM adapter tests. Every REST request must match one of the request
// shapes in ../shared/fixtures/salesforce/postman-salesforce-apis/rest/*.json (Salesforce's own Postman
// collection: sObject create, query, search) — or the documented sObject update (PATCH …/sobjects/Task/{id},
// https://developer.salesforce.com/docs/platform/api-rest/guide/dome-update-record.html); Task fields are
// checked against the Object Reference
// (https://developer.salesforce.com/docs/platform/object-reference/references/standard-objects/object-task.html):
// unknown fields are INVALID_FIELD, restricted picklists refuse other values, WhoId must be a Contact (003)
// or Lead (00Q). OAuth refresh: https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_refresh_token_flow.htm;
// errors: https://developer.salesforce.com/docs/platform/api-rest/guide/errorcodes.html.
import fs from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { startFakeServer, type FakeReply, type FakeServer } from "./fake-server";

const FIXTURES = path.resolve(__dirname, "../../../../shared/fixtures/salesforce/postman-salesforce-apis/rest");

/** The fixture requests as (method, path pattern, required query parameters). */
function fixtureShapes() {
  return fs
    .readdirSync(FIXTURES)
    .filter((f) => f.endsWith(".json"))
    .map((f) => {
      const d = JSON.parse(fs.readFileSync(path.join(FIXTURES, f), "utf8")) as { method: string; url: string; queryParams: Array<{ key: string }> };
      const pathPart = d.url.replace("{{_endpoint}}", "").split("?")[0];
      const pattern = pathPart
        .split(/(v\{\{version\}\}|<SOBJECT_API_NAME>)/)
        .map((part) =>
          part === "v{{version}}" ? "v\\d+\\.\\d" : part === "<SOBJECT_API_NAME>" ? "[A-Za-z][A-Za-z0-9_]*" : part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"),
        )
        .join("");
      return { file: f, method: d.method, path: new RegExp(`^${pattern.replace(/\/$/, "")}/?$`), query: d.queryParams.map((q) => q.key) };
    });
}

export interface FakeSalesforceRecord {
  Id: string;
  type: "Contact" | "Lead";
  fields: Record<string, string | null>;
  /** The owning User's email, returned as the Owner relationship when a query asks for Owner.Email. */
  ownerEmail?: string;
}
export interface FakeSalesforce extends FakeServer {
  clientId: string;
  refreshToken: string;
  records: FakeSalesforceRecord[];
  tasks: Map<string, Record<string, unknown>>;
  /** Which fixture (or documented update) each REST request matched. */
  matched: string[];
}

const TASK_FIELDS: Record<string, "id" | "string" | "date" | { picklist: string[] }> = {
  WhoId: "id",
  WhatId: "id",
  Subject: "string",
  Description: "string",
  ActivityDate: "date",
  OwnerId: "id",
  Status: { picklist: ["Not Started", "In Progress", "Completed", "Waiting on someone else", "Deferred"] },
  Priority: { picklist: ["High", "Normal", "Low"] },
  // The org's Task Type picklist with the "SMS" value the set-up guide asks admins to add.
  Type: { picklist: ["Call", "Email", "Meeting", "Other", "SMS"] },
  TaskSubtype: { picklist: ["Task", "Email", "ListEmail", "Cadence", "Call", "LinkedIn"] },
};
const sfError = (status: number, errorCode: string, message: string, fields?: string[]): FakeReply => ({
  status,
  body: [{ message, errorCode, ...(fields ? { fields } : {}) }],
});

/** Whether the SOSL's RETURNING list asks this object type for Owner.Email. */
const asksOwnerEmail = (returning: string, type: string) =>
  new RegExp(`\\b${type}\\(([^)]*)\\)`)
    .exec(returning)?.[1]
    .split(",")
    .some((f) => f.trim() === "Owner.Email") ?? false;

function checkTask(body: unknown, creating: boolean): FakeReply | null {
  if (!body || typeof body !== "object" || Array.isArray(body)) return sfError(400, "JSON_PARSER_ERROR", "The request body must be a JSON object");
  for (const [field, value] of Object.entries(body)) {
    const kind = TASK_FIELDS[field];
    if (!kind) return sfError(400, "INVALID_FIELD", `No such column '${field}' on sobject of type Task`);
    if (typeof value !== "string") return sfError(400, "JSON_PARSER_ERROR", `Cannot deserialize instance of ${field} from a non-string value`);
    if (kind === "id" && !/^[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?$/.test(value))
      return sfError(400, "MALFORMED_ID", `${field}: id value of incorrect type: ${value}`, [field]);
    if (kind === "date" && !/^\d{4}-\d{2}-\d{2}$/.test(value))
      return sfError(400, "INVALID_TYPE_ON_FIELD_IN_RECORD", `${field}: value not of required type: ${value}`, [field]);
    if (typeof kind === "object" && !kind.picklist.includes(value))
      return sfError(400, "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST", `${field}: bad value for restricted picklist field: ${value}`, [field]);
    if (field === "Subject" && value.length > 255) return sfError(400, "STRING_TOO_LONG", "Subject: data value too large", [field]);
  }
  const who = (body as { WhoId?: string }).WhoId;
  if (who && !/^(003|00Q)/.test(who)) return sfError(400, "FIELD_INTEGRITY_EXCEPTION", "Name ID: id value of incorrect type", ["WhoId"]);
  if (creating && !(body as { Status?: string }).Status) return sfError(400, "REQUIRED_FIELD_MISSING", "Required fields are missing: [Status]", ["Status"]);
  return null;
}

export async function startFakeSalesforce(): Promise<FakeSalesforce> {
  const shapes = fixtureShapes();
  const clientId = "3MVG9fake.consumer.key";
  const refreshToken = `5Aep861${randomBytes(12).toString("hex")}`;
  const accessTokens = new Set<string>();
  const records: FakeSalesforceRecord[] = [];
  const tasks = new Map<string, Record<string, unknown>>();
  const matched: string[] = [];
  let next = 1;
  let base = "";

  const server = await startFakeServer((req) => {
    if (req.method === "POST" && req.path === "/services/oauth2/token") {
      const form = req.body as Record<string, string>;
      if (form.grant_type !== "refresh_token" || form.client_id !== clientId || form.refresh_token !== refreshToken)
        return { status: 400, body: { error: "invalid_grant", error_description: "expired access/refresh token" } };
      const token = `00Dfake!${randomBytes(16).toString("hex")}`;
      accessTokens.add(token);
      return {
        status: 200,
        body: {
          access_token: token,
          instance_url: base,
          id: `${base}/id/00D000000000001EAA/005000000000001AAA`,
          token_type: "Bearer",
          issued_at: String(Date.now()),
          signature: "fake",
        },
      };
    }
    const auth = req.headers.authorization?.replace(/^Bearer /, "");
    if (!auth || !accessTokens.has(auth)) return sfError(401, "INVALID_SESSION_ID", "Session expired or invalid");
    const update = req.method === "PATCH" && req.path.match(/^\/services\/data\/v\d+\.\d\/sobjects\/Task\/([a-zA-Z0-9]{15,18})$/);
    const shape = update
      ? { file: "documented sObject update" }
      : shapes.find((s) => s.method === req.method && s.path.test(req.path) && s.query.every((q) => req.query.has(q)));
    if (!shape) return sfError(404, "NOT_FOUND", `The requested resource does not exist: ${req.method} ${req.path}`);
    matched.push(shape.file);
    const q = req.query.get("q") ?? "";
    if (shape.file === "query.json") {
      if (!/^SELECT .+ FROM Organization/i.test(q)) return sfError(400, "MALFORMED_QUERY", "Only Organization is queried here");
      return {
        status: 200,
        body: {
          totalSize: 1,
          done: true,
          records: [
            {
              attributes: { type: "Organization", url: "/services/data/v62.0/sobjects/Organization/00D000000000001EAA" },
              Id: "00D000000000001EAA",
              Name: "Acme",
            },
          ],
        },
      };
    }
    if (shape.file === "search.json") {
      const sosl = q.match(/^FIND \{(.+)\} IN PHONE FIELDS RETURNING (.+)$/);
      if (!sosl) return sfError(400, "MALFORMED_SEARCH", `unexpected token in SOSL: ${q.slice(0, 80)}`);
      const terms = [...sosl[1].matchAll(/"((?:\\.|[^"\\])*)"/g)].map((m) => m[1].replace(/\\(.)/g, "$1"));
      // Phone fields are matched on their digits, as Salesforce's search index does.
      const digits = (v: string) => v.replace(/\D/g, "");
      const hits = records.filter((r) =>
        ["Phone", "MobilePhone"].some((f) => r.fields[f] && terms.some((t) => digits(t) !== "" && digits(r.fields[f]!).endsWith(digits(t)))),
      );
      return {
        status: 200,
        body: {
          searchRecords: hits.map((r) => ({
            attributes: { type: r.type, url: `/services/data/v62.0/sobjects/${r.type}/${r.Id}` },
            Id: r.Id,
            ...r.fields,
            // A relationship field comes back as the related record (its attributes and the asked fields), or null.
            ...(asksOwnerEmail(sosl[2], r.type)
              ? { Owner: r.ownerEmail ? { attributes: { type: "User", url: "/services/data/v62.0/sobjects/User/005" }, Email: r.ownerEmail } : null }
              : {}),
          })),
        },
      };
    }
    if (shape.file === "sobject_create.json") {
      if (!req.path.endsWith("/sobjects/Task")) return sfError(400, "NOT_FOUND", "Only Tasks are created here");
      const refused = checkTask(req.body, true);
      if (refused) return refused;
      const id = `00T5e00000${String(next++).padStart(5, "0")}AAA`;
      tasks.set(id, { ...(req.body as object) });
      return { status: 201, body: { id, success: true, errors: [] } };
    }
    if (update) {
      const task = tasks.get(update[1]);
      if (!task) return sfError(404, "NOT_FOUND", "Provided external ID field does not exist or is not accessible");
      const refused = checkTask(req.body, false);
      if (refused) return refused;
      Object.assign(task, req.body);
      return { status: 204 };
    }
    return sfError(400, "NOT_FOUND", "Not modelled");
  });
  base = server.url;
  return Object.assign(server, { clientId, refreshToken, records, tasks, matched });
}
