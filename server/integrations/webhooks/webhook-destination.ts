// SSRF guard: a webhook goes only to https on a public address. The name is resolved and every address it
// gives must be public (no loopback, private, link-local, CGNAT, multicast, reserved); checked when the
// endpoint is saved and again at each delivery, where the socket connects only to an address the guard
// passed (the lookup below), so a name that re-resolves to 127.0.0.1 between check and connect is refused too.
// With the simulator on (local development, tests), http and local addresses are allowed.
// It runs on the delivery thread too, so it throws its own error (the service makes it a 400), not AppError, whose
// imports (zod, fastify's) would double that thread's start.
import dns from "node:dns";
import type { LookupFunction } from "node:net";
import ipaddr from "ipaddr.js";

const isPublic = (address: string) => {
  if (!ipaddr.isValid(address)) return false;
  let ip = ipaddr.parse(address);
  if (ip.kind() === "ipv6" && (ip as ipaddr.IPv6).isIPv4MappedAddress()) ip = (ip as ipaddr.IPv6).toIPv4Address();
  return ip.range() === "unicast";
};

/** Why a URL is not a webhook destination, in words for the admin. */
export class DestinationRefused extends Error {}

/** Parses and checks an endpoint URL; throws DestinationRefused naming the reason. */
export async function checkDestination(raw: string, allowLocal: boolean): Promise<URL> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new DestinationRefused("url: must be an absolute URL (https://…)");
  }
  if (url.username || url.password) throw new DestinationRefused("url: must not carry a user name or password");
  if (url.protocol !== "https:" && !(allowLocal && url.protocol === "http:")) throw new DestinationRefused("url: must use https");
  if (allowLocal) return url;
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const addresses = ipaddr.isValid(host) ? [host] : await resolveAll(host);
  const bad = addresses.find((a) => !isPublic(a));
  if (bad) throw new DestinationRefused(`url: ${url.hostname} is a private or local address (${bad}); webhooks go to public addresses only`);
  return url;
}

async function resolveAll(host: string): Promise<string[]> {
  try {
    const found = await dns.promises.lookup(host, { all: true, verbatim: true });
    if (found.length === 0) throw new Error("no address");
    return found.map((f) => f.address);
  } catch {
    throw new DestinationRefused(`url: ${host} does not resolve`);
  }
}

/** A `lookup` for http(s).request that refuses private addresses at connect time. */
export function guardedLookup(allowLocal: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (err, found) => {
      if (err) return callback(err, "", 0);
      const list = found as unknown as dns.LookupAddress[];
      const ok = allowLocal ? list : list.filter((a) => isPublic(a.address));
      if (ok.length === 0) return callback(new DestinationRefused(`${hostname} resolves only to private or local addresses`), "", 0);
      if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, ok);
      callback(null, ok[0].address, ok[0].family);
    });
  };
}
