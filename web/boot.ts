// The web app's entry, kept tiny so the first frame comes early: the styles (inlined into index.html by the build),
// the list as it was last shown (web/first-screen.ts, painted by index.html's inline script) when one is saved
// for this user, then the app itself (web/main.tsx). Its chunk is fetched and compiled meanwhile (a modulepreload
// hint added with this entry, web/vite.config.ts), and it runs after the saved list's frame is painted, so
// evaluating it never holds that frame back.
import "~src/ui/common/sidetext.css";
import "./web.css";
import { paintSavedFirstScreen } from "./first-screen";
import { routeFromHash } from "./routes";

// The hosted worker is not started here but by the app's first subscription: started this early, its script and
// Dexie competed with the app's bundle for this 2-core machine's CPU and the app's own rows came later (bench).
performance.mark("sidetext:boot"); // bench/web-load.ts: when the entry ran, and when the saved list was in the DOM
const root = document.getElementById("root");
// Painted already by index.html's inline web/paint-saved-screen.ts; here only where that did not run (vite's dev server).
const paintedInline = root?.firstElementChild?.hasAttribute("data-first-screen") ?? false;
const painted = paintedInline || (root !== null && routeFromHash(location.hash).name === "list" && paintSavedFirstScreen(root));
if (painted && !paintedInline) performance.mark("sidetext:saved-list");
const startApp = () => void import("./main");
// rAF runs just before the frame; a task queued from it runs after that frame is painted. The inline script adds
// this entry only after its frame (web/paint-saved-screen.ts), so then the app starts at once.
if (painted && !paintedInline) requestAnimationFrame(() => setTimeout(startApp));
else startApp();
