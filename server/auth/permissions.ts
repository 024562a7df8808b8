// Who may do what. Plain rules on the signed-in user, so that services and the CLI check permissions
// without importing the Fastify plugin (auth.plugin.ts), which only finds out who is signed in.
import { AppError } from "../errors";
import type { AuthedUser } from "./authenticate";

export function requireAdmin(user: AuthedUser) {
  if (user.role === "agent") throw new AppError("forbidden", "Only owners and admins can do this");
}

/** Members only; others get 404 so that an inbox's existence does not leak. */
export function requireMember(user: AuthedUser, inboxId: string, what = "Conversation") {
  if (!user.inboxIds.includes(inboxId)) throw new AppError("not_found", `${what} not found`);
}
