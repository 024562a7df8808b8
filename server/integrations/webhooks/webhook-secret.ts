// Endpoint signing secrets: `whsec_` + 32 random bytes in base64 (the Standard Webhooks format), shown once
// when made, sealed at rest like carrier credentials (AES-256-GCM under SIDETEXT_SECRET_KEY, bound to the
// endpoint id so a sealed secret copied onto another endpoint does not open).
import { randomBytes } from "node:crypto";
import { decryptCredentials, encryptCredentials } from "../../carriers/credentials";

export const newSigningSecret = () => `whsec_${randomBytes(32).toString("base64")}`;

export const sealSecret = (key: string, endpointId: string, secret: string) => encryptCredentials(key, `webhook:${endpointId}`, { secret });

// Opened once per sealed value (an endpoint's secret changes only by rotation, which seals a new value), not
// once per delivery.
const opened = new Map<string, string>();

export function openSecret(key: string, endpointId: string, sealed: string): string {
  const cacheKey = `${endpointId}|${sealed}`;
  let secret = opened.get(cacheKey);
  if (secret === undefined) {
    secret = (decryptCredentials(key, `webhook:${endpointId}`, sealed) as { secret: string }).secret;
    if (opened.size > 10_000) opened.clear();
    opened.set(cacheKey, secret);
  }
  return secret;
}
