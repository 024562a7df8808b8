// A fake Inbox API at the fetch edge for the console's component tests: each test lists the answers it
// expects to be asked for, and every request is recorded (method, path, JSON body, bearer token) so tests
// assert exactly what the console sent. A request nobody expected answers 599 and is kept in `unexpected`.
import { render } from "@testing-library/react";
import type { Teammate, ManagedInbox } from "../../../../src/protocol/admin";
import type { Template, User } from "../../../../src/protocol/entities";
import { AdminConsole } from "../../../../web/admin/AdminConsole";

export interface SeenRequest {
  method: string;
  path: string;
  body: unknown;
  token: string | null;
}
type Answer = { status: number; body?: unknown } | ((req: SeenRequest) => { status: number; body?: unknown });

/** JSON as parsed; a multipart upload as its files' names, types and sizes. */
async function bodyOf(request: Request): Promise<unknown> {
  if (request.headers.get("content-type")?.startsWith("multipart/form-data")) {
    const form = await request.formData();
    return Object.fromEntries([...form.entries()].map(([k, v]) => [k, typeof v === "string" ? v : { name: v.name, type: v.type, size: v.size }]));
  }
  const text = await request.text();
  return text ? JSON.parse(text) : undefined;
}

export function fakeApi(routes: Record<string, Answer | Answer[]>) {
  const seen: SeenRequest[] = [];
  const unexpected: SeenRequest[] = [];
  const queues = new Map(Object.entries(routes).map(([k, v]) => [k, Array.isArray(v) ? [...v] : [v]]));
  const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = input instanceof Request ? input : new Request(input, init);
    const url = new URL(request.url);
    const req: SeenRequest = {
      method: request.method,
      path: url.pathname + url.search,
      body: await bodyOf(request),
      token: request.headers.get("authorization")?.replace(/^Bearer /, "") ?? null,
    };
    seen.push(req);
    const queue = queues.get(`${req.method} ${req.path}`);
    // The last answer of a route repeats (a list read again after a change).
    const next = queue && (queue.length > 1 ? queue.shift() : queue[0]);
    if (!next) {
      unexpected.push(req);
      return new Response(JSON.stringify({ error: { code: "internal", message: `unexpected ${req.method} ${req.path}` } }), { status: 599 });
    }
    const answer = typeof next === "function" ? next(req) : next;
    return new Response(answer.body === undefined ? null : JSON.stringify(answer.body), {
      status: answer.status,
      headers: { "content-type": "application/json" },
    });
  };
  /** Requests that changed something (not GETs), in order. */
  const writes = () => seen.filter((r) => r.method !== "GET").map(({ method, path, body }) => ({ method, path, body }));
  return { fetch: fetch as typeof globalThis.fetch, seen, unexpected, writes };
}

export const at = "2026-11-30T10:00:00.000Z";
export const ada: User = { id: "usr_ada", email: "admin@demo.test", name: "Ada Admin", role: "owner" };
export const teammate = (over: Partial<Teammate> & Pick<Teammate, "id" | "name">): Teammate => ({
  email: `${over.name.split(" ")[0].toLowerCase()}@demo.test`,
  role: "agent",
  createdAt: at,
  deactivatedAt: null,
  lockedUntil: null,
  ...over,
});
export const managedInbox = (over: Partial<ManagedInbox> & Pick<ManagedInbox, "id" | "name">): ManagedInbox => ({
  phoneNumber: "+14155550100",
  carrier: "simulator",
  helpText: "Reply STOP to opt out.",
  memberIds: [ada.id],
  locationId: "loc_main",
  createdAt: at,
  webhookUrl: null,
  ...over,
});
export const template = (over: Partial<Template> & Pick<Template, "id" | "name" | "body">): Template => ({
  inboxId: null,
  shortcut: null,
  media: [],
  createdAt: at,
  updatedAt: at,
  ...over,
});
export const ok = (body: unknown) => ({ status: 200, body });
export const failure = (status: number, code: string, message: string) => ({ status, body: { error: { code, message } } });

export function renderConsole(api: ReturnType<typeof fakeApi>, hash: string, me: User = ada) {
  history.replaceState(null, "", hash);
  return render(<AdminConsole baseUrl="http://admin.test" token="tok_admin" me={me} fetch={api.fetch} />);
}
