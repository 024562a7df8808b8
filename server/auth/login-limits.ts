// The limits a sign-in meets before its password is hashed (auth.routes.ts): per client address, per
// address and email (guessing one account from one place is slow, other people's sign-ins are not), per
// account from anywhere (account-lockout.ts), and a cap on hashes running at once (hash-slots.ts).
// The client address is the socket's unless TRUST_PROXY names the proxies in front (config.ts).
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { AppError } from "../errors";
import { hashSlotsFor, type HashSlots } from "./hash-slots";

const MINUTE = 60_000;

export interface LoginLimits {
  /** 429 when this address, or this address for this email, tried too often in the last minute. */
  checkAddress(req: FastifyRequest, email: string): Promise<void>;
  /** Password hashing, a few at a time. */
  hashing: HashSlots;
}

export function loginLimits(app: FastifyInstance): LoginLimits {
  const { config } = app.ctx;
  const emailOf = (req: FastifyRequest) => (req.body as { email?: string } | undefined)?.email ?? "";
  const limits = [
    app.createRateLimit({ max: config.loginAddressLimit, timeWindow: MINUTE, keyGenerator: (req) => `login|${req.ip}` }),
    app.createRateLimit({ max: config.loginRateLimit, timeWindow: MINUTE, keyGenerator: (req) => `login|${req.ip}|${emailOf(req)}` }),
  ];
  return {
    async checkAddress(req) {
      for (const limit of limits) {
        const verdict = await limit(req);
        if (!verdict.isAllowed && verdict.isExceeded) {
          throw new AppError("rate_limited", `Too many sign-in attempts; try again in ${verdict.ttlInSeconds} second${verdict.ttlInSeconds === 1 ? "" : "s"}`, {
            retryAfterSeconds: verdict.ttlInSeconds,
          });
        }
      }
    },
    hashing: hashSlotsFor(app.ctx),
  };
}

/** Route hook: a 429 of these limits also says when in Retry-After, for clients that read the header. */
export async function retryAfterHeader(_req: FastifyRequest, reply: FastifyReply, error: Error) {
  const seconds =
    error instanceof AppError && error.code === "rate_limited" ? (error.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds : undefined;
  if (seconds !== undefined) reply.header("retry-after", String(Math.max(1, seconds)));
}
