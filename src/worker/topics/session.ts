// Topic "session": who is signed in, to which server, how the connection is, and the settings.
import type { SessionSnapshot } from "../../protocol/messages";
import type { WorkerContext } from "../context";

export async function sessionSnapshot(ctx: WorkerContext): Promise<SessionSnapshot> {
  const session = ctx.engine.session() ?? (await ctx.db.getMeta("session")) ?? null;
  return {
    user: session?.user ?? null,
    serverUrl: session?.serverUrl ?? null,
    connection: ctx.engine.connection(),
    settings: await ctx.settings.get(),
  };
}
