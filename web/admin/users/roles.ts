import type { User } from "../../../src/protocol/entities";

/** Roles in the console's words: what each may do. */
export const roleNames: Record<User["role"], string> = {
  owner: "Owner (everything, including owners)",
  admin: "Admin (inboxes, templates, teammates)",
  agent: "Agent (conversations only)",
};
