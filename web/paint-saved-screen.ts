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
// rAF runs just before the frame; a task queued from it runs after that frame is painted. A hidden page gets no
// frame (and no rAF) until it is shown: it starts the app at once.
if (painted && document.visibilityState !== "hidden") requestAnimationFrame(() => setTimeout(startApp));
else startApp();
