// Twilio and Telnyx clients for the inboxes that use them, built from the inbox's decrypted credentials
// and kept per inbox until its credentials change (the sealed text is the cache key).
import type twilio from "twilio";
import type { ServerContext } from "../context";
import type { Carrier } from "./carrier";
import { readCredentials } from "./credentials";
import { findInboxWithCredentials } from "../inboxes/inboxes.repository";

/** Where the carriers' APIs are reached; only tests change it, to point at local stand-ins. */
export interface CarrierEndpoints {
  twilioHttpClient?: twilio.RequestClient;
  telnyxBaseUrl?: string;
}

const clients = new WeakMap<ServerContext, Map<string, { sealed: string; carrier: Carrier }>>();
const endpoints = new WeakMap<ServerContext, CarrierEndpoints>();

export function useCarrierEndpoints(ctx: ServerContext, value: CarrierEndpoints) {
  endpoints.set(ctx, value);
  clients.delete(ctx);
}

/** The endpoints tests set, for other calls through the SDKs (verify-credentials.ts). */
export const carrierEndpointsOf = (ctx: ServerContext): CarrierEndpoints => endpoints.get(ctx) ?? {};

const misconfigured = (reason: string): Carrier => ({
  send: async () => ({ ok: false, permanent: true, errorCode: "carrier_credentials", errorReason: reason }),
});

export async function connectedCarrierFor(ctx: ServerContext, inboxId: string): Promise<Carrier | null> {
  const inbox = await findInboxWithCredentials(ctx.database.db, inboxId);
  if (!inbox) return null;
  let byInbox = clients.get(ctx);
  if (!byInbox) {
    byInbox = new Map();
    clients.set(ctx, byInbox);
  }
  const sealed = inbox.credentialsEncrypted ?? "";
  const cached = byInbox.get(inboxId);
  if (cached && cached.sealed === sealed) return cached.carrier;

  let carrier: Carrier;
  try {
    const read = readCredentials(ctx.config.secretKey, inbox);
    const where = endpoints.get(ctx) ?? {};
    // The SDKs load when an inbox first needs one (each takes half a second or more), not with the server.
    if (read.carrier === "twilio") carrier = (await import("./twilio")).createTwilioCarrier({ ...read.credentials, httpClient: where.twilioHttpClient });
    else if (read.carrier === "telnyx") carrier = (await import("./telnyx")).createTelnyxCarrier({ ...read.credentials, baseURL: where.telnyxBaseUrl });
    else return null;
  } catch (err) {
    carrier = misconfigured(`This inbox's ${inbox.carrier} credentials cannot be used (${(err as Error).message}); an admin must set them again`);
  }
  byInbox.set(inboxId, { sealed, carrier });
  return carrier;
}
