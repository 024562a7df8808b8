// Links to stored media that a carrier (or a browser) can fetch without signing in: PUBLIC_URL/media/ID with
// an expiry and an HMAC-SHA256 over both, keyed from the server's secret key (a key of its own, derived with
// HKDF, so a media signature can never stand for anything else the secret protects). Checked in constant time.
import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";

export interface MediaSigner {
  /** A link to the media that works until `ttlMs` from now. */
  urlFor(mediaId: string): string;
  /** Why the link parameters do not open this media ("expired", "forged"), or null when they do. */
  problem(mediaId: string, expires: string | undefined, signature: string | undefined): "expired" | "forged" | null;
}

export function mediaSigner(secretKey: string, publicUrl: () => string, ttlMs: number, clock: () => number = Date.now): MediaSigner {
  const key = Buffer.from(hkdfSync("sha256", secretKey, "sidetext", "media-url-v1", 32));
  const sign = (mediaId: string, expires: string) => createHmac("sha256", key).update(`${mediaId}\n${expires}`).digest();
  return {
    urlFor(mediaId) {
      const expires = String(Math.floor((clock() + ttlMs) / 1000));
      return `${publicUrl()}/media/${encodeURIComponent(mediaId)}?expires=${expires}&sig=${sign(mediaId, expires).toString("base64url")}`;
    },
    problem(mediaId, expires, signature) {
      if (!expires || !/^\d{1,12}$/.test(expires) || !signature) return "forged";
      const given = Buffer.from(signature, "base64url");
      const expected = sign(mediaId, expires);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return "forged";
      return Number(expires) * 1000 <= clock() ? "expired" : null;
    },
  };
}
