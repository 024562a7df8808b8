// A budget of requests per signed-in user a minute (sending texts, adding notes). Used as a route's
// preHandler, so it runs after sign-in and validation and counts only the user's real attempts.
import type { FastifyInstance } from "fastify";
import { AppError } from "../errors";
import { currentUser } from "./auth.plugin";

export const perUserLimit = (app: FastifyInstance, max: number, what: string) =>
  app.rateLimit({
    max,
    timeWindow: 60_000,
    keyGenerator: (req) => currentUser(req).id,
    errorResponseBuilder: (_req, limit) => new AppError("rate_limited", `Too many ${what}: at most ${limit.max} a minute each; try again in ${limit.after}`),
  });
