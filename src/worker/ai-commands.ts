// The commands of src/protocol/ai-commands.ts, answered by the server (server/ai): nothing of it is cached,
// and the model's endpoint and key never reach the extension. Spread into the worker's handlers (./commands.ts).
import { fail } from "../api/errors";
import type { AiCommandData } from "../protocol/ai-commands";
import type { CommandData, CommandOf, Result } from "../protocol/messages";
import type { WorkerContext } from "./context";

type AiType = keyof AiCommandData;
type AiHandlers = { [T in AiType]: (command: CommandOf<T>) => Promise<Result<CommandData[T]>> };

export function createAiCommandHandlers(ctx: WorkerContext): AiHandlers {
  const ai = () => ctx.engine.current()?.api.ai ?? null;
  const signedOut = () => fail("signed_out", "Sign in to Sidetext first (extension options).");
  return {
    "ai.status": async () => ai()?.status() ?? signedOut(),
    "ai.preferences": async (c) => ai()?.setPreferences(c.preferences) ?? signedOut(),
    "ai.rewrite": async ({ type: _t, ...body }) => ai()?.rewrite(body) ?? signedOut(),
    "ai.languages": async (c) => ai()?.languages(c.conversationId) ?? signedOut(),
    "ai.translate": async (c) => ai()?.translate(c.conversationId, c.messageIds) ?? signedOut(),
    "ai.translateDraft": async ({ type: _t, ...body }) => ai()?.translateDraft(body) ?? signedOut(),
  };
}
