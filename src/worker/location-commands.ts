// The commands of src/protocol/location-commands.ts, answered by the server; a transferred conversation goes
// into the cache at once (the stream follows). Spread into the worker's command handlers (./commands.ts).
import { fail } from "../api/errors";
import type { LocationCommandData } from "../protocol/location-commands";
import type { CommandData, CommandOf, Result } from "../protocol/messages";
import { batchOf } from "../sync/batch";
import type { WorkerContext } from "./context";

type LocationHandlers = { [T in keyof LocationCommandData]: (command: CommandOf<T>) => Promise<Result<CommandData[T]>> };

export function createLocationCommandHandlers(ctx: WorkerContext): LocationHandlers {
  const signedOut = () => fail("signed_out", "Sign in to Sidetext first (extension options).");
  return {
    "transfer.targets": async () => ctx.engine.current()?.api.locations.transferTargets() ?? signedOut(),
    "conversation.transfer": async ({ conversationId, inboxId }) => {
      const api = ctx.engine.current()?.api;
      if (!api) return signedOut();
      const res = await api.locations.transfer(conversationId, inboxId);
      if (res.ok) await ctx.engine.apply(batchOf({ conversations: [res.data.conversation] }));
      return res;
    },
  };
}
