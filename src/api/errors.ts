// HTTP failures as values: every API call resolves to a Result, never throws.
import { ErrorBody } from "../protocol/api";
import type { CommandError, Result } from "../protocol/messages";

export type ApiError = CommandError;
export type ApiResult<T> = Result<T>;

export const ok = <T>(data: T): ApiResult<T> => ({ ok: true, data });
export const fail = (code: ApiError["code"], message: string, status = 0): { ok: false; error: ApiError } => ({
  ok: false,
  error: { code, message, status },
});

const fallbackByStatus: Record<number, ApiError["code"]> = {
  400: "validation_failed",
  401: "unauthorized",
  403: "forbidden",
  404: "not_found",
  409: "conflict",
  410: "cursor_expired",
  413: "too_large",
  429: "rate_limited",
};

/** The server's `{error:{code,message}}` when it sent one, else a code from the status. */
export function errorFromResponse(status: number, body: unknown): { ok: false; error: ApiError } {
  const parsed = ErrorBody.safeParse(body);
  if (parsed.success) return fail(parsed.data.error.code, parsed.data.error.message, status);
  return fail(fallbackByStatus[status] ?? "internal", `The server answered ${status}.`, status);
}

export function errorFromException(err: unknown): { ok: false; error: ApiError } {
  const name = err instanceof Error ? err.name : "";
  if (name === "TimeoutError") return fail("network", "The server did not answer in time.");
  if (name === "AbortError") return fail("network", "The request was cancelled.");
  return fail("network", "Cannot reach the server. Check the address and your connection.");
}

/** Errors worth retrying later as they are (network, server trouble, rate limits). */
export const isTransient = (e: ApiError) => e.code === "network" || e.code === "rate_limited" || e.code === "internal" || e.status >= 500;
