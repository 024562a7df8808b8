import type { ServerConfig } from "../config";

/** Where a carrier posts an inbox's texts and receipts (PUBLIC_URL + /webhooks/…); null for the simulator. */
export const webhookUrlOf = (config: Pick<ServerConfig, "publicUrl">, inbox: { id: string; carrier: string }): string | null =>
  inbox.carrier === "simulator" ? null : `${config.publicUrl.replace(/\/+$/, "")}/webhooks/${inbox.carrier}/${inbox.id}`;
