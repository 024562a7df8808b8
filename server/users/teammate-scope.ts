// Which teammates a regional manager or location admin manages (issue 18): the agents who work only in the
// locations they administer, and who administer no location themselves. Owners and admins manage everyone
// (with the rules about owners in users.service.ts).
import type { AuthedUser } from "../auth/authenticate";
import { administersAnything } from "../auth/permissions";
import type { Executor } from "../db/executor";
import { AppError } from "../errors";
import { scopesOf } from "../locations/scope";
import { staffRolesOf } from "../locations/locations.repository";

/** Passes for an organisation-level user or a scoped admin of every location the target works in; else 403. */
export async function requireManagesTeammate(db: Executor, by: AuthedUser, target: { id: string; role: string }, what: string) {
  if (by.role !== "agent") return;
  if (!administersAnything(by)) throw new AppError("forbidden", `Only owners and admins can ${what}`);
  if (!(await managesTeammate(db, by, target))) {
    throw new AppError("forbidden", `A location admin can ${what} only for agents who work in their locations alone`);
  }
}

export async function managesTeammate(db: Executor, by: AuthedUser, target: { id: string; role: string }): Promise<boolean> {
  if (by.role !== "agent") return true;
  if (target.role !== "agent" || target.id === by.id) return false;
  if ((await staffRolesOf(db, target.id)).length > 0) return false;
  const [scope] = await scopesOf(db, [target]);
  const mine = new Set(by.adminLocationIds ?? []);
  return scope.locationIds.length > 0 && scope.locationIds.every((l) => mine.has(l));
}
