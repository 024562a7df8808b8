// Runs inline in index.html, right after <div id="root"> (web/vite.config.ts inlinePaintSavedScreen): the list
// saved last time (web/first-screen.ts) goes into the page while it is parsed, and with the styles inlined too the
// first frame waits for no other file (bench/web-load.ts). Then it starts the app: the entry script (web/boot.ts)
// and the app chunk's preload wait in index.html's inert <template id="sidetext-app"> (deferAppScripts) and are
// added after that frame, so neither their fetch through the service worker nor their run comes before it.
import { paintSavedFirstScreen } from "./first-screen";
import { routeFromHash } from "./routes";

/** Adds the parked entry script and preload to the page (created anew: a script from a template never runs). */
function startApp(): void {
  const parked = document.getElementById("sidetext-app") as HTMLTemplateElement | null;
  for (const tag of parked?.content.children ?? []) {
    const el = document.createElement(tag.localName);
    for (const { name, value } of tag.attributes) el.setAttribute(name, value);
    document.head.append(el);
  }
}

const root = document.getElementById("root");
const painted = root !== null && routeFromHash(location.hash).name === "list" && paintSavedFirstScreen(root);
if (painted) performance.mark("sidetext:saved-list");
/**
 * Calls `then` once the saved list's frame is on screen: its first contentful paint, reported after the frame was
 * presented. Started after the main thread's part of the frame only (a task from its rAF), the entry's fetch and the
 * app's compile competed with that frame's raster and display for the CPU (bench/web-load.ts, 2 cores at load 30).
 * A second after its rAF at the latest, should no paint be reported.
 */
function afterFirstScreenShown(then: () => void): void {
  let done = false;
  const once = () => {
    if (done) return;
    done = true;
    then();
  };
  try {
    new PerformanceObserver((list, observer) => {
      if (!list.getEntriesByName("first-contentful-paint").length) return;
      observer.disconnect();
      setTimeout(once);
    }).observe({ type: "paint", buffered: true });
  } catch {
    // No paint timing: the rAF's timer below.
  }
  requestAnimationFrame(() => setTimeout(once, "PerformanceObserver" in window ? 1000 : 0));
}

// A hidden page gets no frame (and no rAF) until it is shown: it starts the app at once.
if (painted && document.visibilityState !== "hidden") afterFirstScreenShown(startApp);
else startApp();
