// Pipedrive through the official `pipedrive` package with an API token: connecting finds or creates the
// "SMS" activity type (v1 activityTypes); each message is a done activity of that type with the person as
// participant (v2 activities; person_id is read-only there); notes are v1 notes on the person; people are
// found by phone with v2 persons search, their owner's email with v1 users. https://developers.pipedrive.com/docs/api/v1
import { v1, v2 } from "pipedrive";
import type { PipedriveCredentials } from "./crm-credentials";
import { type CrmAdapter, type CrmLogEntry, type CrmMatch, CrmFailure, failureFromStatus } from "./crm-adapter";

interface AxiosLike {
  interceptors: { response: { clear(): void; use(ok: (r: { data?: unknown }) => unknown, bad: (e: unknown) => unknown): void } };
}

/** The package's own interceptor keeps only the error body: keep the status and Retry-After too. */
function keepStatus<T>(api: T): T {
  const { axios } = api as unknown as { axios: AxiosLike };
  axios.interceptors.response.clear();
  axios.interceptors.response.use(
    (r) => r.data ?? r,
    (e) => {
      const err = e as { response?: { status: number; headers: Record<string, string>; data?: { error?: string; error_info?: string } }; message?: string };
      const detail = err.response?.data?.error ?? err.message ?? "no answer";
      return Promise.reject(failureFromStatus("Pipedrive", err.response?.status, detail, err.response?.headers?.["retry-after"]));
    },
  );
  return api;
}

export function pipedriveAdapter(apiBase: string, credentials: PipedriveCredentials, state: Record<string, unknown>): CrmAdapter {
  const base = apiBase.replace(/\/$/, "");
  const c1 = new v1.Configuration({ apiKey: credentials.apiToken, basePath: `${base}/v1` });
  const c2 = new v2.Configuration({ apiKey: credentials.apiToken, basePath: `${base}/api/v2` });
  const activityTypes = keepStatus(new v1.ActivityTypesApi(c1));
  const notes = keepStatus(new v1.NotesApi(c1));
  const activities = keepStatus(new v2.ActivitiesApi(c2));
  const persons = keepStatus(new v2.PersonsApi(c2));
  const users = keepStatus(new v1.UsersApi(c1));
  // The record owner (a Pipedrive user) → their email, for rules that assign to the record's owner; asked once
  // per owner for this adapter's life, and a failed lookup leaves it unknown rather than failing the sync.
  const ownerEmails = new Map<number, Promise<string | null>>();
  const ownerEmailOf = (id: number) => {
    let email = ownerEmails.get(id);
    if (!email) {
      email = users.getUser({ id }).then(
        (r) => r.data?.email?.toLowerCase() ?? null,
        () => null,
      );
      ownerEmails.set(id, email);
    }
    return email;
  };
  const activity = (entry: CrmLogEntry) => ({
    subject: entry.subject,
    type: String(state.activityType ?? "sms"),
    participants: [{ person_id: Number(entry.person.crmId), primary: true }],
    done: true,
    due_date: entry.occurredAt.slice(0, 10),
    note: entry.body,
  });
  const noteOf = (entry: CrmLogEntry) => ({ content: entry.body, person_id: Number(entry.person.crmId) });

  return {
    async connect() {
      const types = await activityTypes.getActivityTypes();
      const sms = types.data?.find((t) => t.name === "SMS" && t.active_flag !== false);
      if (sms?.key_string) return { activityType: sms.key_string };
      const created = await activityTypes.addActivityType({ AddActivityTypeRequest: { name: "SMS", icon_key: "bubble" } });
      if (!created.data?.key_string) throw new CrmFailure("Pipedrive did not return the new SMS activity type", false);
      return { activityType: created.data.key_string };
    },
    async findPerson(numbers) {
      // Search results carry no custom fields: only name, phone, owner and organization can be mapped.
      for (const term of numbers) {
        const found = await persons.searchPersons({ term, fields: "phone", limit: 1 });
        const item = found.data?.items?.[0]?.item;
        if (item?.id) return item.owner?.id ? { ...toMatch(item), ownerEmail: await ownerEmailOf(item.owner.id) } : toMatch(item);
      }
      return null;
    },
    async createLog(entry) {
      if (entry.kind === "note") {
        const made = await notes.addNote({ AddNoteRequest: noteOf(entry) });
        return String(made.data?.id);
      }
      const made = await activities.addActivity({ AddActivityRequest: activity(entry) });
      return String(made.data?.id);
    },
    async updateLog(recordId, entry) {
      if (entry.kind === "note") await notes.updateNote({ id: Number(recordId), NoteRequest: { content: entry.body } });
      else await activities.updateActivity({ id: Number(recordId), AddActivityRequest: activity(entry) });
    },
  };
}

type Item = { id?: number; name?: string; owner?: { id?: number }; organization?: { id?: number; name?: string } | null; phones?: string[] };

function toMatch(item: Item): CrmMatch {
  const properties: Record<string, string> = {};
  if (item.name) properties.name = item.name;
  if (item.phones?.[0]) properties.phone = item.phones[0];
  return {
    crmType: "person",
    crmId: String(item.id),
    name: item.name ?? null,
    company: item.organization?.name ?? null,
    companyId: item.organization?.id ? String(item.organization.id) : null,
    ownerId: item.owner?.id ? String(item.owner.id) : null,
    url: `https://app.pipedrive.com/person/${item.id}`,
    properties,
  };
}
