// Error responses for the OpenAPI description: every failure has the one ErrorBody shape, so a route lists
// which statuses it may answer and a client generator learns the shape once.
import { z } from "zod";
import { ErrorBody } from "../../src/protocol/api";

const meaning = {
  400: "validation_failed: the request does not match the schema (the message names the field)",
  401: "unauthorized: no token, or it expired or was signed out",
  403: "forbidden: owners and admins only",
  404: "not_found: no such thing, or not in one of your inboxes",
  409: "conflict or opted_out",
  410: "cursor_expired: bootstrap again",
  413: "too_large: the request body is over 1 MB",
  429: "rate_limited: wait and try again",
} as const;
type Status = keyof typeof meaning;

/** 400 and 401 (every signed-in route can answer those) plus the given statuses, each an ErrorBody. */
export function failures(...statuses: Status[]) {
  const all = [...new Set<Status>([400, 401, ...statuses])];
  return Object.fromEntries(all.map((s) => [s, ErrorBody.describe(meaning[s])])) as Partial<Record<Status, typeof ErrorBody>>;
}

/** A 204 answer: no body. */
export const noContent = { 204: z.null().describe("No content") };
