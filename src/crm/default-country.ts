// The rep's default country (options page), for numbers a page writes without a country code.
import { messaging } from "~src/platform/messaging";
import type { CommandResult } from "~src/protocol/messages";

export async function loadDefaultCountry(fallback = "US"): Promise<string> {
  const result = (await messaging.send({ type: "settings.get" }).catch(() => null)) as CommandResult<"settings.get"> | null;
  return result?.ok ? result.data.defaultCountry : fallback;
}
