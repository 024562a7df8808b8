// What the simulator may touch. It writes customer texts that no carrier sent, so it serves simulator inboxes
// only, and never speaks as a number that texts a real (Twilio, Telnyx) inbox: a contact is workspace-wide,
// so a forged STOP in a simulator inbox would opt a real customer out everywhere.
import type { Executor } from "../db/executor";
import { AppError, notFound } from "../errors";
import { carrierOfEveryInbox, inboxNameAndCarrier, textsARealInbox } from "./simulator.repository";

/** Throws a 403 naming why when the simulator may not text `inboxId` from `from` (E.164). */
export async function assertSimulatorMayText(db: Executor, inboxId: string, from: string): Promise<void> {
  const inbox = await inboxNameAndCarrier(db, inboxId);
  if (!inbox) throw notFound("Inbox");
  if (inbox.carrier !== "simulator") {
    throw new AppError("forbidden", `The simulator is off for ${inbox.name}: it is on ${inbox.carrier}, so only texts ${inbox.carrier} delivers (signed webhooks) come in`);
  }
  if (await textsARealInbox(db, from)) throw new AppError("forbidden", `The simulator cannot text as ${from}: that number is a customer of an inbox on a real carrier`);
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
