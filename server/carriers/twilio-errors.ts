// Twilio error codes a rep can act on, each with the sentence shown on the failed message. Used for
// refused sends (API errors) and for failed or undelivered status callbacks (ErrorCode).

const reasons: Record<string, string> = {
  // Refused when sending.
  "21610": "The recipient has opted out of texts from this number (they replied STOP)",
  "21211": "The phone number is not a valid number",
  "21614": "The number cannot receive text messages (it is not a mobile number)",
  "21408": "Texting this country is not enabled on the Twilio account",
  "21606": "This inbox's number cannot send texts (it is not SMS-capable on Twilio)",
  "21612": "Twilio cannot route texts between this inbox's number and the recipient",
  "20003": "Twilio rejected this inbox's credentials; an admin must update them",
  // Reported later by status callbacks.
  "30003": "The recipient's phone is unreachable (switched off or out of coverage)",
  "30004": "The recipient's carrier blocked the text (the number may be blocked or opted out)",
  "30005": "The number does not exist or is no longer in service",
  "30006": "The number is a landline or cannot receive text messages",
  "30007": "The carrier filtered the text as spam",
  "30008": "The carrier could not deliver the text for an unknown reason",
  "30034": "The carrier blocked the text: this number is not registered for A2P 10DLC",
};

export function twilioErrorReason(code: string | null | undefined): string | null {
  return code ? (reasons[code] ?? null) : null;
}
