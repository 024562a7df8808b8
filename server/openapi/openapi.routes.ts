// The API describes itself from the routes' zod schemas; the extension's client and tests read it.
import type { FastifyInstance } from "fastify";

export async function openapiRoutes(app: FastifyInstance) {
  app.get("/openapi.json", { schema: { hide: true }, config: { public: true } }, async () => app.swagger());
}
