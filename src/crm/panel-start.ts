// Starts the panel's bundle once the frame is on screen, in the page the worker rendered with the cached thread
// in it (src/worker/panel-page.ts). There the bundle's <script> waits in an inert <template id="sidetext-panel-app">
// and this small deferred script adds it after the first contentful paint: the 470 KB bundle's compile and run
// came before the frame's first paint, ~30 ms after the HTML was parsed (bench/panel-switch.ts, panel-load-7).
// As the web app starts after its saved list's frame (web/paint-saved-screen.ts). Any other copy of the page has
// no template and loads its bundle the usual way.

/**
 * Adds the parked bundle's script (created anew: a script from a template never runs). Plasmo's page wrapper
 * renders the panel at DOMContentLoaded, long past by then: once the bundle has run (its script's load
 * event), the event is sent again, for it alone (nothing else in this page listens for it).
 */
function startPanel(): void {
  performance.mark("sidetext:panel-start"); // bench/panel-switch.ts: the bundle is asked for from here
  const parked = document.getElementById("sidetext-panel-app") as HTMLTemplateElement | null;
  for (const tag of parked?.content.children ?? []) {
    const el = document.createElement(tag.localName);
    for (const { name, value } of tag.attributes) el.setAttribute(name, value);
    el.addEventListener("load", () => document.dispatchEvent(new Event("DOMContentLoaded")), { once: true });
    document.body.append(el);
  }
  parked?.remove();
}

/**
 * Calls `then` once the thread's frame has been presented (its first contentful paint, reported after the
 * frame), from a task of its own. A second after this script at the latest: a frame that is not rendered (the
 * panel collapsed or hidden at load: no paint, no rAF) still gets its panel.
 */
function afterFirstPaint(then: () => void): void {
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
    // No paint timing: the timer below.
  }
  setTimeout(once, 1000);
}

// A hidden frame gets no frame (and no rAF) until it is shown: it starts at once.
if (document.visibilityState === "hidden") startPanel();
else afterFirstPaint(startPanel);
