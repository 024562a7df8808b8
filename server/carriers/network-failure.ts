// A send whose request failed on the network. Neither Twilio nor Telnyx takes an idempotency key, so a
// plain retry is only safe when the request provably never reached the carrier (refused, unresolvable,
// unreachable). A timeout or a connection dropped mid-request may have been accepted: that is `uncertain`,
// and the delivery worker asks the carrier whether it has the text before it tries again.
import type { SendResult } from "./carrier";

const NEVER_REACHED = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ENETUNREACH", "EHOSTUNREACH"]);

export function networkFailure(carrierName: string, err: unknown): SendResult & { ok: false } {
  const code = errorCodeOf(err);
  if (code && NEVER_REACHED.has(code)) {
    return { ok: false, permanent: false, errorCode: code, errorReason: `${carrierName} could not be reached; the text will be retried` };
  }
  return {
    ok: false,
    permanent: false,
    uncertain: true,
    errorCode: code ?? "network_uncertain",
    errorReason: `${carrierName} did not answer after the text was handed over, so it may or may not have gone out`,
  };
}

/** The system error code of a failed request, looking through wrapped causes (fetch and axios wrap them). */
function errorCodeOf(err: unknown): string | null {
  for (let e = err as { code?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 4; e = e.cause as typeof e, depth++) {
    if (typeof e.code === "string" && /^E[A-Z_]+$/.test(e.code)) return e.code;
  }
  return null;
}
