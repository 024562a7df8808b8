// The web app's places, in the address's hash so a link (a push notification's click) opens a thread:
// #/ the list · #/c/<conversationId> a thread · #/new a new text · #/settings this device's notifications ·
// #/admin the admin console · #/analytics the locations roll-up · #/analytics/<locationId> one location.
export type WebRoute =
  | { name: "list" }
  | { name: "thread"; id: string }
  | { name: "new" }
  | { name: "settings" }
  | { name: "admin" }
  | { name: "analytics"; locationId: string | null };

export function routeFromHash(hash: string): WebRoute {
  const thread = /^#\/c\/([^/?#]+)/.exec(hash);
  if (thread) return { name: "thread", id: decodeURIComponent(thread[1]) };
  if (hash.startsWith("#/new")) return { name: "new" };
  if (hash.startsWith("#/admin")) return { name: "admin" };
  const analytics = /^#\/analytics(?:\/([^/?#]+))?/.exec(hash);
  if (analytics) return { name: "analytics", locationId: analytics[1] ? decodeURIComponent(analytics[1]) : null };
  if (hash.startsWith("#/settings")) return { name: "settings" };
  return { name: "list" };
}

export function hashFor(route: WebRoute): string {
  switch (route.name) {
    case "thread":
      return `#/c/${encodeURIComponent(route.id)}`;
    case "new":
      return "#/new";
    case "admin":
      return "#/admin";
    case "analytics":
      return route.locationId ? `#/analytics/${encodeURIComponent(route.locationId)}` : "#/analytics";
    case "settings":
      return "#/settings";
    default:
      return "#/";
  }
}
