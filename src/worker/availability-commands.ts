// The commands of src/protocol/availability.ts: my away switch, asked of the server each time (not cached).
import { fail } from "../api/errors";
import type { AvailabilityCommandData } from "../protocol/availability";
import type { CommandData, CommandOf, Result } from "../protocol/messages";
import type { WorkerContext } from "./context";

type AvailabilityType = keyof AvailabilityCommandData;
type AvailabilityHandlers = { [T in AvailabilityType]: (command: CommandOf<T>) => Promise<Result<CommandData[T]>> };

export function createAvailabilityCommandHandlers(ctx: WorkerContext): AvailabilityHandlers {
  const api = () => ctx.engine.current()?.api ?? null;
  const signedOut = () => fail("signed_out", "Sign in to Sidetext first (extension options).");
  return {
    "availability.get": async () => api()?.availability() ?? signedOut(),
    "availability.set": async (c) => api()?.setAway(c.away) ?? signedOut(),
  };
}
