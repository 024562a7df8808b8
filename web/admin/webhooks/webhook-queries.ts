/** The console's cache key for the endpoints; an endpoint's log is [...WEBHOOKS, id, "deliveries"]. */
export const WEBHOOKS = ["admin", "webhooks"] as const;
