// One error type with a code union and one handler: every failure reaches the client as
// {"error": {"code", "message", "details"}} with a matching status, and a 5xx never leaks internals.
import type { FastifyError, FastifyInstance } from "fastify";
import { hasZodFastifySchemaValidationErrors } from "fastify-type-provider-zod";
import { ZodError } from "zod";
import type { ErrorCode } from "../src/protocol/api";

const statusOf: Record<ErrorCode, number> = {
  validation_failed: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  opted_out: 409,
  cursor_expired: 410,
  too_large: 413,
  rate_limited: 429,
  internal: 500,
};

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
  get status() {
    return statusOf[this.code];
  }
}

export const notFound = (what: string) => new AppError("not_found", `${what} not found`);

export function errorBody(code: ErrorCode, message: string, details?: unknown) {
  return { error: details === undefined ? { code, message } : { code, message, details } };
}

export function registerErrorHandler(app: FastifyInstance) {
  app.setNotFoundHandler((req, reply) => {
    reply.code(404).send(errorBody("not_found", `No route ${req.method} ${req.url.split("?")[0]}`));
  });
  app.setErrorHandler((err: FastifyError | AppError | ZodError, req, reply) => {
    if (err instanceof AppError) return reply.code(err.status).send(errorBody(err.code, err.message, err.details));
    if (err instanceof ZodError) return reply.code(400).send(errorBody("validation_failed", describeZod(err), err.issues));
    if (hasZodFastifySchemaValidationErrors(err)) {
      const issues = err.validation.map((v) => ({ path: v.instancePath, message: v.message }));
      const where = err.validationContext ?? "request";
      return reply
        .code(400)
        .send(errorBody("validation_failed", `Invalid ${where}: ${issues.map((i) => `${i.path || "(root)"} ${i.message}`).join("; ")}`, issues));
    }
    const status = (err as FastifyError).statusCode ?? 500;
    const code = (err as FastifyError).code;
    if (code === "FST_ERR_CTP_BODY_TOO_LARGE" || status === 413)
      return reply.code(413).send(errorBody("too_large", "The request body is too large (1 MB at most)"));
    if (status === 429) return reply.code(429).send(errorBody("rate_limited", err.message || "Too many requests; wait a minute and try again"));
    if (status >= 400 && status < 500) return reply.code(status).send(errorBody(status === 404 ? "not_found" : "validation_failed", err.message));
    req.log.error({ err }, "unhandled error");
    return reply.code(500).send(errorBody("internal", "Something went wrong on the server; the error was logged"));
  });
}

export function describeZod(err: ZodError): string {
  return err.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ");
}
