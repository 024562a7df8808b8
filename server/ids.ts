import { randomBytes } from "node:crypto";

/** Ids are a readable prefix and 16 random bytes ("conv_3kq…"): unguessable, and the kind shows in logs. */
export const newId = (prefix: string) => `${prefix}_${randomBytes(12).toString("base64url")}`;
export const now = () => new Date().toISOString();
