// The workspace's daily budget (requests and tokens, reset at midnight UTC) and each rep's per-minute limit,
// counted in the database so every instance shares them. A call over either is refused before it is made.
import type { ServerContext } from "../context";
import { addTokens, countRequest, forgetOldUsage, usageOf } from "./ai.repository";
import { dayKey, type AiSetup } from "./ai-config";
import { AiFailure, type Completion } from "./model-client";

const secondsUntil = (at: Date) => Math.max(1, Math.ceil((at.getTime() - Date.now()) / 1000));

/** Runs `call` if the rep and the workspace have room for one more request, then counts its tokens. */
export async function withinBudget(ctx: ServerContext, userId: string, setup: AiSetup, call: () => Promise<Completion>): Promise<Completion> {
  const db = ctx.database.db;
  const at = new Date();
  const minuteEnds = new Date(Math.floor(at.getTime() / 60_000) * 60_000 + 60_000);
  const dayEnds = new Date(`${at.toISOString().slice(0, 10)}T00:00:00.000Z`);
  dayEnds.setUTCDate(dayEnds.getUTCDate() + 1);
  const day = dayKey(at);
  const { limits } = setup;

  if ((await usageOf(db, day)).tokens >= limits.dailyTokenLimit)
    throw new AiFailure(
      429,
      `Today's AI budget for the workspace is used up (${limits.dailyTokenLimit} tokens); it resets at midnight UTC.`,
      secondsUntil(dayEnds),
    );
  const userKey = `user:${userId}:${minuteEnds.toISOString().slice(0, 16)}`;
  if (!(await countRequest(db, userKey, limits.perUserPerMinute, minuteEnds.toISOString())))
    throw new AiFailure(429, `You have made ${limits.perUserPerMinute} AI requests this minute; wait a moment and try again.`, secondsUntil(minuteEnds));
  if (!(await countRequest(db, day, limits.dailyRequestLimit, dayEnds.toISOString())))
    throw new AiFailure(
      429,
      `Today's AI budget for the workspace is used up (${limits.dailyRequestLimit} requests); it resets at midnight UTC.`,
      secondsUntil(dayEnds),
    );
  if (Math.random() < 0.02) await forgetOldUsage(db, at.toISOString());

  const completion = await call();
  await addTokens(db, day, completion.tokens);
  return completion;
}
