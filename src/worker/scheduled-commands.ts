// The commands of src/protocol/scheduled-commands.ts: send later and the pre-send check's recipient, answered
// by the server (nothing of it is cached). Spread into the worker's command handlers (./commands.ts).
import { fail } from "../api/errors";
import type { CommandData, CommandOf, Result } from "../protocol/messages";
import type { ScheduledCommandData } from "../protocol/scheduled-commands";
import type { WorkerContext } from "./context";

type ScheduledType = keyof ScheduledCommandData;
type ScheduledHandlers = { [T in ScheduledType]: (command: CommandOf<T>) => Promise<Result<CommandData[T]>> };

export function createScheduledCommandHandlers(ctx: WorkerContext): ScheduledHandlers {
  const api = () => ctx.engine.current()?.api ?? null;
  const signedOut = () => fail("signed_out", "Sign in to Sidetext first (extension options).");
  return {
    "scheduled.list": async (c) => api()?.scheduledSends(c.conversationId) ?? signedOut(),
    "scheduled.create": async ({ conversationId, body, sendAt, cancelOn }) =>
      api()?.scheduleSend(conversationId, { body, sendAt, cancelOn, clientId: crypto.randomUUID() }) ?? signedOut(),
    "scheduled.change": async ({ id, body, sendAt }) => api()?.changeScheduledSend(id, { body, sendAt }) ?? signedOut(),
    "scheduled.cancel": async (c) => api()?.cancelScheduledSend(c.id) ?? signedOut(),
    "recipient.check": async (c) => api()?.recipient(c.conversationId) ?? signedOut(),
  };
}
