// The web worker's src/worker/commands (web/vite.config.ts swaps it in for src/worker/index.ts): the same
// router, loaded with the first command. The first screen needs only the topics (session, inbox lists: Dexie
// and the sync engine); the commands (sign-in, replies, search …, with libphonenumber's metadata, ~40 KB
// gzipped) are a chunk of their own, fetched a few seconds after start or with the first command, which
// waits for it; later ones do not.
import type { MessageSender } from "~src/platform/messaging";
import type { WorkerContext } from "~src/worker/context";

type CommandRouter = (message: unknown, sender: MessageSender) => Promise<unknown> | undefined;

/** Long enough for the first screen's answers to go out first; short next to a person typing a reply. */
const WARM_AFTER_MS = 3000;

export function createCommandRouter(ctx: WorkerContext): CommandRouter {
  let router: Promise<CommandRouter> | undefined;
  const load = () => (router ??= import("~src/worker/commands").then((m) => m.createCommandRouter(ctx)));
  setTimeout(load, WARM_AFTER_MS);
  return (message, sender) => load().then((route) => route(message, sender));
}
