// The web worker's src/worker/commands (web/vite.config.ts swaps it in for src/worker/index.ts): the same
// router, loaded with the first command. The first screen needs only the topics (session, inbox lists: Dexie
// and the sync engine); the commands (sign-in, replies, search …, with libphonenumber's metadata, ~40 KB
// gzipped) are a chunk of their own, fetched a few seconds after start or with the first command, which
// waits for it; later ones do not. The one command the first screen itself sends (the rows' SLA chips ask
// "sla.waits" as they render) is answered without the chunk: its handler only asks the server.
import { fail } from "~src/api/errors";
import type { MessageSender } from "~src/platform/messaging";
import { slaCommands } from "~src/protocol/sla-commands";
import type { WorkerContext } from "~src/worker/context";
import { accessOf, forbiddenMessage, mayRun } from "~src/worker/sender-trust";
import { createSlaCommandHandlers } from "~src/worker/sla-commands";

type CommandRouter = (message: unknown, sender: MessageSender) => Promise<unknown> | undefined;

/** Long enough for the first screen's answers to go out first; short next to a person typing a reply. */
const WARM_AFTER_MS = 3000;

export function createCommandRouter(ctx: WorkerContext): CommandRouter {
  let router: Promise<CommandRouter> | undefined;
  const load = () => (router ??= import("~src/worker/commands").then((m) => m.createCommandRouter(ctx)));
  setTimeout(load, WARM_AFTER_MS);
  const sla = createSlaCommandHandlers(ctx)["sla.waits"];
  // As src/worker/commands.ts does: who may ask first, then the command's own schema.
  const slaWaits = async (message: unknown, sender: MessageSender) => {
    const access = await accessOf(sender, ctx.panelTokens);
    if (!mayRun(access, "sla.waits")) return fail("forbidden", forbiddenMessage(access));
    const parsed = slaCommands[0].safeParse(message);
    return parsed.success ? sla(parsed.data) : fail("invalid_command", "Invalid command: sla.waits");
  };
  return (message, sender) =>
    (message as { type?: unknown } | null)?.type === "sla.waits" ? slaWaits(message, sender) : load().then((route) => route(message, sender));
}
