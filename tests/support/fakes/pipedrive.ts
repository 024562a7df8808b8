// A strict fake Pipedrive for the CRM adapter tests, modelled on the public API reference (its OpenAPI
// files carry no licence for redistribution; see ../shared/fixtures/pipedrive/SOURCE.md):
// - Activity types, v1: https://developers.pipedrive.com/docs/api/v1/ActivityTypes (GET/POST /v1/activityTypes;
//   name and icon_key required)
// - Activities, v2: https://developers.pipedrive.com/docs/api/v1/Activities#addActivity (POST /api/v2/activities,
//   PATCH /api/v2/activities/{id}; `type` is an activity type's key_string; participants [{person_id, primary}];
//   person_id itself is read-only in v2)
// - Notes, v1: https://developers.pipedrive.com/docs/api/v1/Notes (POST /v1/notes, PUT /v1/notes/{id}; content and
//   one of person_id/deal_id/org_id/lead_id)
// - Persons search, v2: https://developers.pipedrive.com/docs/api/v1/Persons#searchPersons (term ≥ 2 characters,
//   fields, limit, cursor; data.items[].item, additional_data.next_cursor)
// - Users, v1: https://developers.pipedrive.com/docs/api/v1/Users#getUser (GET /v1/users/{id}: data {id, name, email, …}; 404 if none)
// Auth by x-api-token header or api_token query; errors {success: false, error, error_info}; 429 on rate limits.
import { z } from "zod";
import { startFakeServer, type FakeReply, type FakeServer } from "./fake-server";

export interface FakePipedrivePerson {
  id: number;
  name: string;
  phones: string[];
  owner: { id: number };
  organization: { id: number; name: string } | null;
}
export interface FakePipedrive extends FakeServer {
  token: string;
  persons: FakePipedrivePerson[];
  activityTypes: Array<{ id: number; name: string; key_string: string; icon_key: string; active_flag: boolean }>;
  activities: Map<number, Record<string, unknown>>;
  notes: Map<number, Record<string, unknown>>;
  /** The company's Pipedrive users (records' owners). */
  users: Array<{ id: number; name: string; email: string }>;
}

const fail = (status: number, error: string, info = ""): FakeReply => ({
  status,
  body: { success: false, error, error_info: info, data: null, additional_data: null },
});
const icons = [
  "task",
  "email",
  "meeting",
  "deadline",
  "call",
  "lunch",
  "calendar",
  "downarrow",
  "document",
  "smartphone",
  "camera",
  "scissors",
  "cogs",
  "bubble",
  "uparrow",
  "checkbox",
  "signpost",
  "shuffle",
  "addressbook",
  "linegraph",
  "picture",
  "car",
  "world",
  "search",
  "clip",
  "sound",
  "brush",
  "key",
  "padlock",
  "pricetag",
  "suitcase",
  "finish",
  "plane",
  "loop",
  "wifi",
  "truck",
  "cart",
  "bulb",
  "bell",
  "presentation",
] as const;
const ActivityTypeBody = z.strictObject({
  name: z.string().min(1),
  icon_key: z.enum(icons),
  color: z
    .string()
    .regex(/^[0-9A-Fa-f]{6}$/)
    .optional(),
});
const ActivityBody = z.strictObject({
  subject: z.string().optional(),
  type: z.string().optional(),
  owner_id: z.number().int().optional(),
  deal_id: z.number().int().optional(),
  lead_id: z.string().optional(),
  org_id: z.number().int().optional(),
  participants: z.array(z.strictObject({ person_id: z.number().int(), primary: z.boolean() })).optional(),
  due_date: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional(),
  due_time: z.string().optional(),
  duration: z.string().optional(),
  busy: z.boolean().optional(),
  done: z.boolean().optional(),
  note: z.string().optional(),
  public_description: z.string().optional(),
  priority: z.number().int().optional(),
});
const NoteBody = z.strictObject({
  content: z.string().min(1),
  person_id: z.number().int().optional(),
  deal_id: z.number().int().optional(),
  org_id: z.number().int().optional(),
  lead_id: z.string().optional(),
  user_id: z.number().int().optional(),
});

export async function startFakePipedrive(token = "0f5e0c7d2b4a49e8b3c1d6a7e9f01234abcd5678"): Promise<FakePipedrive> {
  const persons: FakePipedrivePerson[] = [];
  const activityTypes: FakePipedrive["activityTypes"] = [{ id: 1, name: "Call", key_string: "call", icon_key: "call", active_flag: true }];
  const activities = new Map<number, Record<string, unknown>>();
  const notes = new Map<number, Record<string, unknown>>();
  const users: FakePipedrive["users"] = [];
  let next = 100;
  const invalid = (e: z.ZodError) => fail(400, "Validation failed", e.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "));

  const server = await startFakeServer((req) => {
    if (req.headers["x-api-token"] !== token && req.query.get("api_token") !== token)
      return fail(
        401,
        "unauthorized access",
        "Please check the Pipedrive Developer documentation at https://pipedrive.readme.io/docs/core-api-concepts-about-pipedrive-api",
      );
    const ok = (data: unknown, status = 200): FakeReply => ({ status, body: { success: true, data } });
    if (req.path === "/v1/activityTypes" && req.method === "GET") return ok(activityTypes);
    if (req.path === "/v1/activityTypes" && req.method === "POST") {
      const parsed = ActivityTypeBody.safeParse(req.body);
      if (!parsed.success) return invalid(parsed.error);
      const type = {
        id: next++,
        name: parsed.data.name,
        key_string: parsed.data.name.toLowerCase().replace(/\W+/g, "_"),
        icon_key: parsed.data.icon_key,
        active_flag: true,
      };
      activityTypes.push(type);
      return ok(type);
    }
    const activity = req.path.match(/^\/api\/v2\/activities(?:\/(\d+))?$/);
    if (activity && ((req.method === "POST" && !activity[1]) || (req.method === "PATCH" && activity[1]))) {
      if (req.body && typeof req.body === "object" && "person_id" in req.body) return fail(400, "person_id is read-only; use participants");
      const parsed = ActivityBody.safeParse(req.body);
      if (!parsed.success) return invalid(parsed.error);
      if (parsed.data.type && !activityTypes.some((t) => t.key_string === parsed.data.type))
        return fail(400, `Activity type "${parsed.data.type}" does not exist`);
      for (const p of parsed.data.participants ?? []) if (!persons.some((x) => x.id === p.person_id)) return fail(400, `Person ${p.person_id} not found`);
      if (activity[1]) {
        const found = activities.get(Number(activity[1]));
        if (!found) return fail(404, "Activity not found");
        Object.assign(found, parsed.data);
        return ok({ id: Number(activity[1]), ...found });
      }
      const id = next++;
      activities.set(id, { ...parsed.data });
      return ok({ id, ...parsed.data });
    }
    const note = req.path.match(/^\/v1\/notes(?:\/(\d+))?$/);
    if (note && ((req.method === "POST" && !note[1]) || (req.method === "PUT" && note[1]))) {
      const parsed = NoteBody.safeParse(req.body);
      if (!parsed.success) return invalid(parsed.error);
      if (note[1]) {
        const found = notes.get(Number(note[1]));
        if (!found) return fail(404, "Note not found");
        Object.assign(found, parsed.data);
        return ok({ id: Number(note[1]), ...found });
      }
      const { person_id, deal_id, org_id, lead_id } = parsed.data;
      if (person_id === undefined && deal_id === undefined && org_id === undefined && lead_id === undefined)
        return fail(400, "Note must be attached to a person, deal, organization or lead");
      const id = next++;
      notes.set(id, { ...parsed.data });
      return ok({ id, ...parsed.data });
    }
    const user = req.path.match(/^\/v1\/users\/(\d+)$/);
    if (user && req.method === "GET") {
      const found = users.find((u) => u.id === Number(user[1]));
      if (!found) return fail(404, "User not found");
      return ok({ ...found, active_flag: true, is_admin: 0, role_id: 1, timezone_name: "America/New_York", lang: 1, locale: "en_US" });
    }
    if (req.path === "/api/v2/persons/search" && req.method === "GET") {
      const term = req.query.get("term") ?? "";
      if (term.length < 2) return fail(400, "Search term must be at least 2 characters long");
      const fields = req.query.get("fields");
      if (fields && !["custom_fields", "email", "notes", "phone", "name"].includes(fields)) return fail(400, `Invalid fields: ${fields}`);
      const limit = Number(req.query.get("limit") ?? 100);
      const start = Number(req.query.get("cursor") ?? 0);
      // Pipedrive's search matches the stored text (not a normalised number): "(415) 555" finds "(415) 555-0101".
      const hits = persons.filter((p) => (fields === "phone" || !fields ? p.phones : []).some((ph) => ph.toLowerCase().includes(term.toLowerCase())));
      const page = hits.slice(start, start + limit);
      return {
        status: 200,
        body: {
          success: true,
          data: {
            items: page.map((p) => ({
              result_score: 1,
              item: {
                id: p.id,
                type: "person",
                name: p.name,
                phones: p.phones,
                emails: [],
                visible_to: 3,
                owner: p.owner,
                organization: p.organization,
                custom_fields: [],
                notes: [],
              },
            })),
          },
          additional_data: { next_cursor: start + limit < hits.length ? String(start + limit) : null },
        },
      };
    }
    return fail(404, `Unknown method ${req.method} ${req.path}`);
  });
  return Object.assign(server, { token, persons, activityTypes, activities, notes, users });
}
