// The service worker (web/sw.ts) caches the app's shell so it opens offline; registered once the page has
// loaded, so its precache downloads never compete with the first screen.
export function registerServiceWorker(): void {
  if (!("serviceWorker" in navigator)) return;
  const register = () => void navigator.serviceWorker.register("/sw.js", { type: "module", scope: "/" }).catch(() => {});
  if (document.readyState === "complete") register();
  else addEventListener("load", register, { once: true });
}
