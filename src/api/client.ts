// createApi({baseUrl, token}): the Inbox API v1 over ky. Every call resolves to an ApiResult; a 401 on an
// authenticated call also fires onUnauthorized, so the worker can return to "signed out" wherever it happens.
import ky, { type KyInstance } from "ky";
import { z } from "zod";
import {
  BootstrapResponse,
  ConversationListResponse,
  ConversationResponse,
  LoginResponse,
  LookupResponse,
  MeResponse,
  MessagesResponse,
  NewMessageResponse,
  NoteResponse,
  SendMessageResponse,
  SyncResponse,
  type ConversationPatch,
} from "../protocol/api";
import { CrmLogResponse } from "../protocol/crm";
import { aiApi } from "./ai";
import { locationsApi } from "./locations";
import { ContactTagsResponse } from "../protocol/contact-tags";
import { SlaWaitsResponse } from "../protocol/analytics";
import {
  RecipientCheckResponse,
  ScheduledSendResponse,
  ScheduledSendsResponse,
  type ScheduledSendPatch,
  type ScheduleSendInput,
} from "../protocol/scheduled-sends";
import { AvailabilityResponse } from "../protocol/availability";
import { errorFromException, errorFromResponse, fail, ok, type ApiError, type ApiResult } from "./errors";

export interface ApiOptions {
  baseUrl: string;
  token?: string | null;
  fetch?: typeof fetch;
  timeoutMs?: number;
  onUnauthorized?: (error: ApiError) => void;
}

const Empty = z.unknown();

export type Api = ReturnType<typeof createApi>;

export function createApi(options: ApiOptions) {
  const baseUrl = options.baseUrl.replace(/\/+$/, "");
  const http: KyInstance = ky.create({
    prefixUrl: baseUrl,
    headers: options.token ? { authorization: `Bearer ${options.token}` } : {},
    retry: 0, // the sync engine and outbox decide when to try again
    timeout: options.timeoutMs ?? 20_000,
    throwHttpErrors: false,
    fetch: options.fetch,
  });

  async function call<S extends z.ZodType>(
    method: "get" | "post" | "patch" | "delete",
    path: string,
    schema: S,
    init: { json?: unknown; searchParams?: Record<string, string | number> } = {},
  ): Promise<ApiResult<z.infer<S>>> {
    let status = 0;
    let body: unknown;
    try {
      const res = await http(path, { method, json: init.json, searchParams: init.searchParams });
      status = res.status;
      const textBody = await res.text();
      body = textBody ? JSON.parse(textBody) : null;
    } catch (err) {
      if (status) return fail("invalid_response", `The server answered ${status} with something that is not JSON.`, status);
      return errorFromException(err);
    }
    if (status < 200 || status >= 300) {
      const failure = errorFromResponse(status, body);
      if (status === 401 && path !== "v1/auth/login") options.onUnauthorized?.(failure.error);
      return failure;
    }
    const parsed = schema.safeParse(body);
    if (!parsed.success) return fail("invalid_response", `Unexpected answer from ${path}: ${parsed.error.issues[0]?.message ?? "invalid"}`, status);
    return ok(parsed.data);
  }

  const conv = (id: string) => `v1/conversations/${encodeURIComponent(id)}`;
  return {
    baseUrl,
    /** ws(s)://…/v1/stream */
    streamUrl: () => `${baseUrl.replace(/^http/, "ws")}/v1/stream`,
    login: (email: string, password: string) => call("post", "v1/auth/login", LoginResponse, { json: { email, password } }),
    logout: () => call("post", "v1/auth/logout", Empty),
    me: () => call("get", "v1/me", MeResponse),
    bootstrap: (limit?: number) => call("get", "v1/bootstrap", BootstrapResponse, { searchParams: limit ? { limit } : {} }),
    sync: (after: number, limit = 500) => call("get", "v1/sync", SyncResponse, { searchParams: { after, limit } }),
    lookup: (phone: string, country?: string) => call("get", "v1/lookup", LookupResponse, { searchParams: country ? { phone, country } : { phone } }),
    // The inbox list filtered server-side (the worker asks it for a tag the cache may not hold every thread of).
    conversations: (query: Record<string, string | number>) => call("get", "v1/conversations", ConversationListResponse, { searchParams: query }),
    messages: (conversationId: string, page: { before?: string; limit?: number } = {}) =>
      call("get", `${conv(conversationId)}/messages`, MessagesResponse, {
        searchParams: { ...(page.before ? { before: page.before } : {}), limit: page.limit ?? 50 },
      }),
    sendMessage: (conversationId: string, body: { body: string; mediaUrls?: string[]; mediaIds?: string[]; clientId: string }) =>
      call("post", `${conv(conversationId)}/messages`, SendMessageResponse, { json: body }),
    startMessage: (body: { inboxId: string; to: string; body: string; clientId: string; country?: string; mediaIds?: string[] }) =>
      call("post", "v1/messages", NewMessageResponse, { json: body }),
    updateConversation: (conversationId: string, patch: ConversationPatch) => call("patch", conv(conversationId), ConversationResponse, { json: patch }),
    markRead: (conversationId: string) => call("post", `${conv(conversationId)}/read`, ConversationResponse),
    addNote: (conversationId: string, body: string) => call("post", `${conv(conversationId)}/notes`, NoteResponse, { json: { body } }),
    crmLog: (conversationId: string) => call("get", `${conv(conversationId)}/crm-log`, CrmLogResponse),
    // The conversations waiting for an answer and their SLA due times (issue 18, src/protocol/analytics.ts).
    slaWaits: () => call("get", "v1/sla/waits", SlaWaitsResponse),
    // Send later and the pre-send check (issue 17, src/protocol/scheduled-sends.ts).
    scheduledSends: (conversationId: string) => call("get", `${conv(conversationId)}/scheduled`, ScheduledSendsResponse),
    scheduleSend: (conversationId: string, body: ScheduleSendInput) => call("post", `${conv(conversationId)}/scheduled`, ScheduledSendResponse, { json: body }),
    changeScheduledSend: (id: string, patch: ScheduledSendPatch) =>
      call("patch", `v1/scheduled/${encodeURIComponent(id)}`, ScheduledSendResponse, { json: patch }),
    cancelScheduledSend: (id: string) => call("delete", `v1/scheduled/${encodeURIComponent(id)}`, ScheduledSendResponse),
    recipient: (conversationId: string) => call("get", `${conv(conversationId)}/recipient`, RecipientCheckResponse),
    // My away switch for automatic assignment (issue 17).
    availability: () => call("get", "v1/me/availability", AvailabilityResponse),
    setAway: (away: boolean) => call("patch", "v1/me/availability", AvailabilityResponse, { json: { away } }),
    tagContact: (contactId: string, patch: { add?: string[]; remove?: string[] }) =>
      call("patch", `v1/contacts/${encodeURIComponent(contactId)}/tags`, ContactTagsResponse, { json: patch }),
    retryCrmLog: (messageId: string) => call("post", `v1/messages/${encodeURIComponent(messageId)}/crm-log/retry`, CrmLogResponse),
    ai: aiApi(call),
    locations: locationsApi(call),
  };
}
