// The web app's places, in the address's hash so a link (a push notification's click) opens a thread:
// #/ the list · #/c/<conversationId> a thread · #/new a new text · #/settings this device's notifications ·
// #/admin the admin console.
export type WebRoute = { name: "list" } | { name: "thread"; id: string } | { name: "new" } | { name: "settings" } | { name: "admin" };

export function routeFromHash(hash: string): WebRoute {
  const thread = /^#\/c\/([^/?#]+)/.exec(hash);
  if (thread) return { name: "thread", id: decodeURIComponent(thread[1]) };
  if (hash.startsWith("#/new")) return { name: "new" };
  if (hash.startsWith("#/admin")) return { name: "admin" };
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
    case "settings":
      return "#/settings";
    default:
      return "#/";
  }
}
