// Topic "session": who is signed in, to which server, how the connection is, and the settings.
import type { SessionSnapshot } from "../../protocol/messages";
import { waitingToSend } from "../../sync/parked-outbox";
import type { WorkerContext } from "../context";

export async function sessionSnapshot(ctx: WorkerContext): Promise<SessionSnapshot> {
  const session = ctx.engine.session() ?? (await ctx.db.getMeta("session")) ?? null;
  return {
    user: session?.user ?? null,
    serverUrl: session?.serverUrl ?? null,
    connection: ctx.engine.connection(),
    settings: await ctx.settings.get(),
    // Parking and unparking happen with a sign-out or sign-in, whose meta writes refresh this topic.
    waitingToSend: ctx.engine.current() ? [] : await waitingToSend(ctx.db),
  };
}
