// Carrier credentials are checked with the carrier before they are kept: the official package asks Twilio
// for the account (and whether the inbox's number is on it), Telnyx for the number (and the messaging
// profile, when one is named). A refusal is a 400 that says which field to fix and where to find the
// right value; nothing is stored. The secrets themselves never appear in a message.
// SIDETEXT_CHECK_CARRIER_CREDENTIALS=off skips the check (an offline demo); it is off under a test runner.
import type { ServerContext } from "../context";
import { AppError } from "../errors";
import { carrierEndpointsOf } from "./connected-carriers";
import type { CarrierCredentials, TelnyxCredentials, TwilioCredentials } from "./credentials";

const TIMEOUT_MS = 10_000;

export async function verifyCarrierCredentials(ctx: ServerContext, parsed: CarrierCredentials, phoneNumber: string): Promise<void> {
  if (!ctx.config.checkCarrierCredentials || parsed.carrier === "simulator") return;
  if (parsed.carrier === "twilio") await verifyTwilio(ctx, parsed.credentials, phoneNumber);
  else await verifyTelnyx(ctx, parsed.credentials, phoneNumber);
}

const refused = (message: string) => new AppError("validation_failed", message);
const unreachable = (carrier: string, err: unknown) =>
  refused(`credentials: ${carrier} could not be reached to check them (${(err as Error).message}); nothing was saved. Try again in a moment.`);

async function verifyTwilio(ctx: ServerContext, credentials: TwilioCredentials, phoneNumber: string): Promise<void> {
  const { default: twilio } = await import("twilio");
  const httpClient = carrierEndpointsOf(ctx).twilioHttpClient ?? new twilio.RequestClient({ timeout: TIMEOUT_MS });
  const client = twilio(credentials.accountSid, credentials.authToken, { httpClient, autoRetry: false });
  try {
    const account = await client.api.v2010.accounts(credentials.accountSid).fetch();
    if (account.status !== "active")
      throw refused(`credentials: the Twilio account ${credentials.accountSid} is ${account.status}; reactivate it in the Twilio Console`);
    const numbers = await client.incomingPhoneNumbers.list({ phoneNumber, limit: 1 });
    if (numbers.length === 0) {
      throw refused(
        `phoneNumber: ${phoneNumber} is not a number of the Twilio account ${credentials.accountSid}; buy or port it there (Phone Numbers › Manage), or use that account's SID and token`,
      );
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    if (err instanceof twilio.RestException) {
      if (err.status === 401 || err.status === 404 || err.code === 20003) {
        throw refused(
          `credentials: Twilio did not accept this Account SID and Auth Token (${err.code ?? err.status} ${err.message}); copy both again from the Twilio Console (Account Info)`,
        );
      }
      throw refused(`credentials: Twilio refused the check (${err.code ?? err.status} ${err.message}); nothing was saved`);
    }
    throw unreachable("Twilio", err);
  }
}

async function verifyTelnyx(ctx: ServerContext, credentials: TelnyxCredentials, phoneNumber: string): Promise<void> {
  const { default: Telnyx, APIError } = await import("telnyx");
  const baseURL = carrierEndpointsOf(ctx).telnyxBaseUrl;
  const client = new Telnyx({ apiKey: credentials.apiKey, ...(baseURL ? { baseURL } : {}), maxRetries: 0, timeout: TIMEOUT_MS });
  try {
    // Telnyx matches digits only ("Non-numerical characters will result in no values").
    const page = await client.phoneNumbers.list({ filter: { phone_number: phoneNumber.replace(/\D/g, "") } });
    if (!page.data.some((n) => n.phone_number === phoneNumber)) {
      throw refused(
        `phoneNumber: ${phoneNumber} is not a number of this Telnyx account; buy or port it there (Numbers › My Numbers), or use that account's API key`,
      );
    }
    if (credentials.messagingProfileId) await client.messagingProfiles.retrieve(credentials.messagingProfileId);
  } catch (err) {
    if (err instanceof AppError) throw err;
    if (err instanceof APIError && err.status === 401) {
      throw refused("credentials.apiKey: Telnyx did not accept this API key; create or copy one in the Telnyx Portal (Account Settings › Keys & Credentials)");
    }
    if (err instanceof APIError && err.status === 404 && credentials.messagingProfileId) {
      throw refused(
        `credentials.messagingProfileId: this Telnyx account has no messaging profile ${credentials.messagingProfileId}; copy its id from Messaging › Profiles`,
      );
    }
    if (err instanceof APIError && err.status) throw refused(`credentials: Telnyx refused the check (${err.status} ${err.message}); nothing was saved`);
    throw unreachable("Telnyx", err);
  }
}
