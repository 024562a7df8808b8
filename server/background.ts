import type { ServerContext } from "./context";

// The server's own timers and workers: delivery of queued messages, snooze wake-up, overdue receipts.
export function startBackgroundWork(_ctx: ServerContext) {}
