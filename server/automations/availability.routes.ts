// A teammate's own availability for automatic assignment: read it, and switch away on or off.
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { AvailabilityPatch, AvailabilityResponse } from "../../src/protocol/availability";
import { currentUser } from "../auth/auth.plugin";
import { AppError } from "../errors";
import { failures } from "../openapi/failures";
import { availabilityOf, markSeen, setAway } from "./availability";
import { automationClock } from "./engine";

export async function availabilityRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { db } = app.ctx.database;
  const tags = ["automations"];
  const summary = "My availability for round robin and fewest-open assignment (away, and whether a client of mine is signed in)";
  app.get("/me/availability", { schema: { tags, summary, response: { 200: AvailabilityResponse, ...failures() } } }, async (req) => {
    const at = automationClock.now();
    const user = currentUser(req);
    if (!("apiKey" in user)) await markSeen(db, user.id, at); // an integration's key is not its creator signing in
    return { availability: await availabilityOf(db, user.id, at) };
  });
  app.patch(
    "/me/availability",
    {
      schema: {
        tags,
        summary: "Set myself away (round robin and fewest open skip me) or available",
        body: AvailabilityPatch,
        response: { 200: AvailabilityResponse, ...failures(403) },
      },
    },
    async (req) => {
      const user = currentUser(req);
      if ("apiKey" in user) throw new AppError("forbidden", "Only the teammate themselves can set their availability, not an API key");
      return { availability: await setAway(db, user.id, req.body.away, automationClock.now()) };
    },
  );
}
