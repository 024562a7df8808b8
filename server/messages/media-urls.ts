// Media URLs of an outbound text are fetched by the carrier (and shown by clients), so only `https:` URLs
// to public addresses are taken: a `javascript:` or `file:` URL, or one that points into a private network
// (cloud metadata at 169.254.169.254, localhost, the office LAN), is refused with a 400 before it is stored
// and checked again before the carrier is given it, since a name can later resolve elsewhere.
import { lookup } from "node:dns/promises";
import ipaddr from "ipaddr.js";
import { AppError } from "../errors";

/** All addresses a host name resolves to (node's resolver by default; tests hand in their own). */
export type ResolveHost = (hostname: string) => Promise<string[]>;

const resolveWithDns: ResolveHost = async (hostname) => (await lookup(hostname, { all: true, verbatim: true })).map((a) => a.address);

const RESOLVE_TIMEOUT_MS = 3000;

/** Why `url` may not be handed to a carrier, or null when it may. */
export async function mediaUrlProblem(url: string, resolve: ResolveHost = resolveWithDns): Promise<string | null> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return "is not a URL";
  }
  if (parsed.protocol !== "https:") return `must start with https:// (not ${parsed.protocol})`;
  if (parsed.username || parsed.password) return "must not carry a user name or password";
  const host = parsed.hostname.replace(/^\[(.*)\]$/, "$1");
  let addresses: string[];
  if (ipaddr.isValid(host)) addresses = [host];
  else {
    try {
      addresses = await withTimeout(resolve(host), RESOLVE_TIMEOUT_MS);
    } catch {
      return `has a host (${host}) that could not be found`;
    }
  }
  if (addresses.length === 0) return `has a host (${host}) that could not be found`;
  for (const address of addresses) {
    const range = rangeOf(address);
    if (range !== "unicast") return `points to a ${range} address (${address}); media must be on the public internet`;
  }
  return null;
}

/** 400 naming each refused URL, or nothing when all may be sent. */
export async function assertPublicMediaUrls(urls: string[], resolve?: ResolveHost): Promise<void> {
  const problems = await Promise.all(urls.map((url) => mediaUrlProblem(url, resolve)));
  const details = problems.flatMap((problem, i) => (problem ? [{ path: `/mediaUrls/${i}`, message: `The media URL ${problem}` }] : []));
  if (details.length) throw new AppError("validation_failed", details.map((d) => d.message).join("; "), details);
}

/** ipaddr.js's range name ("unicast" for public addresses); an IPv4-mapped IPv6 address counts as its IPv4. */
function rangeOf(address: string): string {
  try {
    return ipaddr.process(address).range();
  } catch {
    return "unreadable";
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error("timed out")), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
