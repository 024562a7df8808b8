// The web app talks only to the server it was loaded from (same origin): no host permission to ask for.
export async function ensureOriginPermission(serverUrl: string): Promise<boolean> {
  return new URL(serverUrl).origin === location.origin;
}
