// Simulator endpoints (demo and tests only; registered while config.simulator is on): make a customer
// text in to a simulator inbox, exactly as a carrier's webhook would. Inboxes on a real carrier, and the
// numbers of their customers, are out of its reach (simulator.service.ts).
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { SendMessageResponse, SimulatorInboundBody } from "../../src/protocol/api";
import { currentUser } from "../auth/auth.plugin";
import { failures } from "../openapi/failures";
import { simulateInbound } from "./simulator.service";

export async function simulatorRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.post(
    "/simulator/inbound",
    {
      schema: {
        tags: ["simulator"],
        summary: "A customer texts a simulator inbox (403 for an inbox on a real carrier, or from a number that texts one)",
        body: SimulatorInboundBody,
        response: { 201: SendMessageResponse, ...failures(403, 404) },
      },
    },
    async (req, reply) => reply.code(201).send({ message: await simulateInbound(app.ctx, currentUser(req), req.body) }),
  );
}
