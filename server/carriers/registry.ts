// Which carrier sends for an inbox. The simulator is built in; Twilio and Telnyx are added by their modules.
import type { ServerContext } from "../context";
import type { Carrier } from "./carrier";
import { createSimulatorCarrier, type SimulatorCarrier } from "./simulator";
import { deliveryReportsFor } from "../delivery/report-status";
import { connectedCarrierFor } from "./connected-carriers";
import { findInboxCarrier } from "../inboxes/inboxes.repository";

// One simulator per inbox and server, stopped when the server closes.
const simulators = new WeakMap<ServerContext, Map<string, SimulatorCarrier>>();

function simulatorFor(ctx: ServerContext, inboxId: string): SimulatorCarrier {
  let byInbox = simulators.get(ctx);
  if (!byInbox) {
    const created = new Map<string, SimulatorCarrier>();
    simulators.set(ctx, created);
    ctx.onClose(() => created.forEach((carrier) => void carrier.stop()));
    byInbox = created;
  }
  let carrier = byInbox.get(inboxId);
  if (!carrier) {
    carrier = createSimulatorCarrier(inboxId, deliveryReportsFor(ctx), ctx.config.simulatorStepMs);
    byInbox.set(inboxId, carrier);
  }
  return carrier;
}

/** What the inbox's simulator fetched for MMS so far (tests check it got the bytes, as a carrier would). */
export const simulatorFetches = (ctx: ServerContext, inboxId: string) => simulatorFor(ctx, inboxId).fetched;

/** A carrier that refuses every send, for inboxes whose carrier is not available on this server. */
const unavailable = (carrier: string): Carrier => ({
  send: async () => ({
    ok: false,
    permanent: true,
    errorCode: "carrier_unavailable",
    errorReason: `This inbox's carrier (${carrier}) is not set up on the server`,
  }),
});

// An inbox pinned to a carrier given here (tests hand in a fake that fails like the real one).
const pinned = new WeakMap<ServerContext, Map<string, Carrier>>();

export function pinCarrier(ctx: ServerContext, inboxId: string, carrier: Carrier) {
  if (!pinned.has(ctx)) pinned.set(ctx, new Map());
  pinned.get(ctx)!.set(inboxId, carrier);
}

/** The carrier of an inbox, or null when the inbox no longer exists. */
export async function carrierFor(ctx: ServerContext, inboxId: string): Promise<Carrier | null> {
  const inbox = await findInboxCarrier(ctx.database.db, inboxId);
  if (!inbox) return null;
  const pin = pinned.get(ctx)?.get(inboxId);
  if (pin) return pin;
  if (inbox.carrier === "simulator") return simulatorFor(ctx, inboxId);
  if (inbox.carrier === "twilio" || inbox.carrier === "telnyx") return connectedCarrierFor(ctx, inboxId);
  return unavailable(inbox.carrier);
}
