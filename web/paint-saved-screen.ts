// Runs inline in index.html, right after <div id="root"> (web/vite.config.ts inlinePaintSavedScreen): the list
// saved last time (web/first-screen.ts) goes into the page while it is parsed, before the entry script is even
// fetched, and with the styles inlined too the first frame waits for no other file (bench/web-load.ts).
// web/boot.ts then sees it there and starts the app after that frame.
import { paintSavedFirstScreen } from "./first-screen";
import { routeFromHash } from "./routes";

const root = document.getElementById("root");
if (root && routeFromHash(location.hash).name === "list" && paintSavedFirstScreen(root)) performance.mark("sidetext:saved-list");
