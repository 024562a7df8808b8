// Which of a record's numbers the panel opens on: the one with the most recent conversation in the rep's
// inboxes (the worker's cache), else the mobile number (it can receive texts), else the first.
import type { CrmPhone } from "../../protocol/record";

export type ChoiceReason = "recent" | "mobile" | "first";
export const CHOICE_REASONS: Record<ChoiceReason | "picked" | "switched", string> = {
  recent: "Shown first: it has the most recent conversation in your inboxes.",
  mobile: "Shown first: no conversation yet with any of these numbers, and it is the mobile number.",
  first: "Shown first: no conversation yet and no mobile number, so the first one on the record.",
  picked: "Shown because you gave this number.",
  switched: "Shown because you chose it in the number switcher.",
};

export function choosePhone(phones: CrmPhone[], lastMessageAt: Record<string, string> = {}): { e164: string; reason: ChoiceReason } | null {
  let recent: { e164: string; at: string } | null = null;
  for (const p of phones) {
    const at = lastMessageAt[p.e164];
    if (at && (!recent || at > recent.at)) recent = { e164: p.e164, at };
  }
  if (recent) return { e164: recent.e164, reason: "recent" };
  const mobile = phones.find((p) => p.label === "mobile");
  if (mobile) return { e164: mobile.e164, reason: "mobile" };
  return phones[0] ? { e164: phones[0].e164, reason: "first" } : null;
}

export const preferredPhone = (phones: CrmPhone[], lastMessageAt?: Record<string, string>) => choosePhone(phones, lastMessageAt)?.e164 ?? null;
