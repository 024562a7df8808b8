// Host permissions for a self-hosted server's origin (https://inbox.example.com/*). Must be asked from a
// user gesture in a page (the options page), never from the worker.
import { browser } from "./browser";

export async function ensureOriginPermission(serverUrl: string): Promise<boolean> {
  const origins = [`${new URL(serverUrl).origin}/*`];
  if (await browser.permissions.contains({ origins })) return true;
  try {
    return await browser.permissions.request({ origins });
  } catch {
    return false;
  }
}
