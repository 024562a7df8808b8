// The command of src/protocol/sla-commands.ts, answered by the server. Spread into the worker's handlers (./commands.ts).
import { fail } from "../api/errors";
import type { CommandData, CommandOf, Result } from "../protocol/messages";
import type { WorkerContext } from "./context";

export function createSlaCommandHandlers(ctx: WorkerContext): { "sla.waits": (c: CommandOf<"sla.waits">) => Promise<Result<CommandData["sla.waits"]>> } {
  return {
    "sla.waits": async () => ctx.engine.current()?.api.slaWaits() ?? fail("signed_out", "Sign in to Sidetext first (extension options)."),
  };
}
