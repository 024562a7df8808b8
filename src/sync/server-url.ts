// Which server addresses Sidetext signs in to. A password and the customers' texts must not cross a network
// unencrypted: plain http:// only to this machine (a local demo or development server).
const LOOPBACK_HOSTS = new Set(["localhost", "[::1]"]);

function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return LOOPBACK_HOSTS.has(host) || host.endsWith(".localhost") || /^127(\.\d{1,3}){3}$/.test(host);
}

/** Why Sidetext refuses to sign in to `serverUrl`, or null when it may. */
export function refusedServerReason(serverUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(serverUrl);
  } catch {
    return "Enter the server address, like https://inbox.example.com or http://localhost:8787.";
  }
  if (url.protocol === "https:") return null;
  if (url.protocol === "http:" && isLoopbackHost(url.hostname)) return null;
  if (url.protocol === "http:") {
    return `Sidetext signs in over https:// only: over plain http:// your password and your customers' texts would cross the network unencrypted. Use the server's https:// address (http:// works only for localhost).`;
  }
  return "The server address must start with https://.";
}
