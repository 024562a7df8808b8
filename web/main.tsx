// The web app itself (web/boot.ts loads it): renders the app over the hosted worker (started when first asked), registers the service worker.
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { ClientProvider } from "~src/ui/common/client-context";
import { runtimeViewClient } from "~src/ui/common/runtime-client";
import { WebApp } from "./App";
import { registerServiceWorker } from "./register-sw";
import { attachWorker } from "~src/platform/web/messaging";
import { startWorker } from "./start-worker";

// bench/web-load.ts splits the first screen's time here: every module evaluated, nothing rendered yet.
performance.mark("sidetext:modules-evaluated");
attachWorker(startWorker);
// A page opened before a deploy asks for chunks the new service worker no longer holds: load the new app once.
addEventListener("vite:preloadError", () => {
  if (sessionStorage.getItem("sidetext.reloadedForUpdate")) return;
  sessionStorage.setItem("sidetext.reloadedForUpdate", "1");
  location.reload();
});
createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <ClientProvider client={runtimeViewClient}>
      <WebApp />
    </ClientProvider>
  </StrictMode>,
);
registerServiceWorker();
