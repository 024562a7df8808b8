// What the simulator may touch. It writes customer texts that no carrier sent, so it serves simulator inboxes
// only, and never speaks as a number that texts a real (Twilio, Telnyx) inbox: a contact is workspace-wide,
// so a forged STOP in a simulator inbox would opt a real customer out everywhere.
import type { z } from "zod";
import type { SimulatorInboundBody } from "../../src/protocol/api";
import type { Message } from "../../src/protocol/entities";
import { toE164 } from "../../src/core/phone";
import type { AuthedUser } from "../auth/authenticate";
import { requireMember } from "../auth/permissions";
import type { ServerContext } from "../context";
import type { Executor } from "../db/executor";
import { AppError, notFound } from "../errors";
import { randomText } from "../ids";
import { receiveInbound } from "../messages/receive-inbound";
import { attachableMedia } from "../media/media.service";
import { carrierOfEveryInbox, simulatorScope, type SimulatorScope } from "./simulator.repository";

/** A customer texts in to a simulator inbox the user is a member of, exactly as a carrier's webhook would. */
export async function simulateInbound(ctx: ServerContext, user: AuthedUser, input: z.infer<typeof SimulatorInboundBody>): Promise<Message> {
  requireMember(user, input.inboxId, "Inbox");
  const from = toE164(input.from);
  if (!from) throw new AppError("validation_failed", `"${input.from}" is not a phone number`, [{ path: "/from", message: "not a phone number" }]);
  // A text with files is checked first: receiveInbound queues their fetch before its transaction. Any other text
  // is checked inside the transaction that stores it, where the check costs no query of its own (the ingest
  // stores read it with the rest: issue 14) and sees what that transaction sees.
  const withMedia = (input.mediaIds?.length ?? 0) + (input.mediaUrls?.length ?? 0) > 0;
  if (withMedia) refuseUnlessSimulated(await simulatorScope(ctx.database.db, input.inboxId, from), from);
  const { message } = await receiveInbound(ctx, {
    inboxId: input.inboxId,
    from,
    body: input.body,
    media: [
      ...(await attachableMedia(ctx, ctx.database.db, user, input.mediaIds ?? [], null)),
      ...(input.mediaUrls ?? []).map((url) => ({ url, contentType: null })),
    ],
    carrierMessageId: `SIM${randomText(16, "hex")}`,
    admit: withMedia ? undefined : async (store) => refuseUnlessSimulated(await store.simulatorScope(input.inboxId, from), from),
  });
  return message;
}

/** Throws a 404, or a 403 naming why, when the simulator may not text this inbox from `from` (E.164). */
function refuseUnlessSimulated(inbox: SimulatorScope | undefined, from: string): void {
  if (!inbox) throw notFound("Inbox");
  if (inbox.carrier !== "simulator") {
    throw new AppError(
      "forbidden",
      `The simulator is off for ${inbox.name}: it is on ${inbox.carrier}, so only texts ${inbox.carrier} delivers (signed webhooks) come in`,
    );
  }
  if (inbox.textsARealInbox) throw new AppError("forbidden", `The simulator cannot text as ${from}: that number is a customer of an inbox on a real carrier`);
}

export interface SimulatorMode {
  on: boolean;
  simulatorInboxes: number;
  realInboxes: number;
}

/** For the start-up log: whether the simulator endpoints are on, and for how many inboxes. */
export async function simulatorMode(db: Executor, enabled: boolean): Promise<SimulatorMode> {
  const carriers = await carrierOfEveryInbox(db);
  const simulatorInboxes = carriers.filter((c) => c === "simulator").length;
  return { on: enabled && simulatorInboxes > 0, simulatorInboxes, realInboxes: carriers.length - simulatorInboxes };
}

export function describeSimulatorMode(mode: SimulatorMode, enabled: boolean): string {
  if (!enabled) return "Simulator: off (SIDETEXT_SIMULATOR=off or NODE_ENV=production)";
  const real = mode.realInboxes > 0 ? `; off for ${mode.realInboxes} inbox${mode.realInboxes === 1 ? "" : "es"} on a real carrier` : "";
  if (mode.simulatorInboxes === 0) return `Simulator: off (no simulator inboxes${real})`;
  return `Simulator: on for ${mode.simulatorInboxes} simulator inbox${mode.simulatorInboxes === 1 ? "" : "es"}${real}`;
}
