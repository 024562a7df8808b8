// Who may do what. Plain rules on the signed-in user, so that services and the CLI check permissions
// without importing the Fastify plugin (auth.plugin.ts), which only finds out who is signed in.
// Scope (issue 18): owners and admins act on every location; a regional manager or location admin on the
// inboxes of their locations (user.adminInboxIds, locations/scope.ts); an agent administers nothing.
import { AppError } from "../errors";
import type { AuthedUser } from "./authenticate";

/** Organisation-wide settings (webhooks, API keys, workspace settings…): owners and admins only. */
export function requireAdmin(user: AuthedUser) {
  if (user.role === "agent") throw new AppError("forbidden", "Only owners and admins can do this");
}

/** Owners, admins, regional managers and location admins (of some location). */
export function requireSomeAdmin(user: AuthedUser) {
  if (!administersAnything(user)) throw new AppError("forbidden", "Only owners, admins and location admins can do this");
}

export const administersAnything = (user: AuthedUser) => user.role !== "agent" || (user.adminLocationIds?.length ?? 0) > 0;

const administersInbox = (user: AuthedUser, inboxId: string) => user.role !== "agent" || (user.adminInboxIds ?? []).includes(inboxId);

const administersLocation = (user: AuthedUser, locationId: string) => user.role !== "agent" || (user.adminLocationIds ?? []).includes(locationId);

/**
 * Administering one inbox: 403 to one who administers nothing, 404 to an admin of other locations for an
 * inbox they cannot see (its existence does not leak), 403 for one they see as a member only.
 */
export function requireAdminOf(user: AuthedUser, inboxId: string, what = "Inbox") {
  requireSomeAdmin(user);
  if (administersInbox(user, inboxId)) return;
  requireMember(user, inboxId, what);
  throw new AppError("forbidden", `Only an admin of this inbox's location can do this`);
}

export function requireLocationAdmin(user: AuthedUser, locationId: string) {
  requireSomeAdmin(user);
  if (administersLocation(user, locationId)) return;
  if ((user.locationIds ?? []).includes(locationId)) throw new AppError("forbidden", "Only an admin of this location can do this");
  throw new AppError("not_found", "Location not found");
}

/** Members only; others get 404 so that an inbox's existence does not leak. */
export function requireMember(user: AuthedUser, inboxId: string, what = "Conversation") {
  if (!user.inboxIds.includes(inboxId)) throw new AppError("not_found", `${what} not found`);
}
