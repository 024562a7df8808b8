// Simulator endpoints (demo and tests only; registered while config.simulator is on): make a customer
// text in to a simulator inbox, exactly as a carrier's webhook would. Inboxes on a real carrier, and the
// numbers of their customers, are out of its reach (simulator-scope.ts).
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { SendMessageResponse, SimulatorInboundBody } from "../../src/protocol/api";
import { toE164 } from "../../src/core/phone";
import { currentUser } from "../auth/auth.plugin";
import { requireMember } from "../auth/permissions";
import { AppError } from "../errors";
import { receiveInbound } from "../messages/receive-inbound";
import { randomText } from "../ids";
import { failures } from "../openapi/failures";
import { assertSimulatorMayText } from "./simulator-scope";

export async function simulatorRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.post("/simulator/inbound", {
    schema: {
      tags: ["simulator"],
      summary: "A customer texts a simulator inbox (403 for an inbox on a real carrier, or from a number that texts one)",
      body: SimulatorInboundBody,
      response: { 201: SendMessageResponse, ...failures(403, 404) },
    },
  }, async (req, reply) => {
    requireMember(currentUser(req), req.body.inboxId, "Inbox");
    const from = toE164(req.body.from);
    if (!from) throw new AppError("validation_failed", `"${req.body.from}" is not a phone number`, [{ path: "/from", message: "not a phone number" }]);
    await assertSimulatorMayText(app.ctx.database.db, req.body.inboxId, from);
    const { message } = await receiveInbound(app.ctx, {
      inboxId: req.body.inboxId,
      from,
      body: req.body.body,
      media: (req.body.mediaUrls ?? []).map((url) => ({ url, contentType: null })),
      carrierMessageId: `SIM${randomText(16, "hex")}`,
    });
    return reply.code(201).send({ message });
  });
}
