// `GET /v1/health` for load balancers and uptime checks (no auth): 200 while this instance reaches its
// database, 503 when the database does not answer within two seconds. While the server shuts down,
// Fastify answers every new request 503 (return503OnClosing), this one included, so a load balancer stops
// sending it work while open requests finish.
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { pingDatabase } from "./health.repository";

const Health = z.object({
  status: z.enum(["ok", "unavailable"]),
  database: z.enum(["sqlite", "postgres"]),
  /** What is wrong when not ok; the details go to the server's log, not to anonymous callers. */
  reason: z.string().optional(),
});

const DATABASE_TIMEOUT_MS = 2000;

export async function healthRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.get(
    "/health",
    {
      config: { public: true },
      schema: { tags: ["health"], summary: "Whether this server instance can take requests", security: [], response: { 200: Health, 503: Health } },
    },
    async (_req, reply) => {
      const database = app.ctx.database.dialect;
      try {
        await withTimeout(pingDatabase(app.ctx.database.db), DATABASE_TIMEOUT_MS);
        return { status: "ok" as const, database };
      } catch (err) {
        app.log.error({ err }, "health check: the database did not answer");
        return reply.code(503).send({ status: "unavailable", database, reason: "the database did not answer; see the server log" });
      }
    },
  );
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
