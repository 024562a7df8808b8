// The docked panel takes its width from the page instead of covering it: the CRM's layout narrows by the
// panel's width (a right margin on <html>), and fixed bars that reach under the panel (app bars, a chat
// bubble in the corner) are pulled in. Everything is put back as it was when the panel collapses or goes.

export interface PageDock {
  /** Reserve `width` px on the right (0: give it all back). Cheap to call on every drag move. */
  reserve(width: number): void;
  /** Looks for fixed bars again (the page rendered more since: a record's markup, an app bar). */
  refresh(): void;
}

/** How deep under <body> fixed bars are looked for: app bars sit near the top of the tree. */
const BAR_DEPTH = 4;
const MAX_BARS = 20;

type Saved = { el: HTMLElement; prop: string; value: string; priority: string };

export function dockPage(document: Document, ownHost: Element): PageDock {
  const html = document.documentElement;
  const win = document.defaultView!;
  let reserved = 0;
  let saved: Saved[] = [];

  const set = (el: HTMLElement, prop: string, value: string) => {
    if (!saved.some((s) => s.el === el && s.prop === prop)) {
      saved.push({ el, prop, value: el.style.getPropertyValue(prop), priority: el.style.getPropertyPriority(prop) });
    }
    el.style.setProperty(prop, value, "important");
  };
  const restore = () => {
    for (const s of saved.reverse()) s.el.style.setProperty(s.prop, s.value, s.priority);
    saved = [];
  };

  // Fixed elements ignore the margin on <html>: move the ones whose right edge is under the panel.
  const pullInFixedBars = (width: number) => {
    const viewport = html.clientWidth || win.innerWidth; // the root's clientWidth is the viewport's, margin or not
    let found = 0;
    const visit = (el: Element, depth: number) => {
      if (el === ownHost || found >= MAX_BARS) return;
      const style = win.getComputedStyle(el);
      if (style.position === "fixed" && style.display !== "none") {
        const box = el.getBoundingClientRect();
        if (box.width > 0 && box.right > viewport - width) {
          found++;
          const anchoredRight = style.right !== "auto" && (style.left === "auto" || box.width < viewport / 2);
          if (anchoredRight && box.width < viewport / 2) {
            set(el as HTMLElement, "right", `${parseFloat(style.right) + width}px`);
          } else {
            // A bar across the page: end it where the panel begins.
            set(el as HTMLElement, "max-width", `${Math.max(0, viewport - width - Math.max(0, box.left))}px`);
          }
        }
        return; // what is inside a fixed bar moves with it
      }
      if (depth < BAR_DEPTH) for (const child of el.children) visit(child, depth + 1);
    };
    if (document.body) visit(document.body, 0);
  };

  const apply = (width: number) => {
    restore();
    reserved = width;
    if (width === 0) return;
    set(html, "margin-right", `${width}px`);
    pullInFixedBars(width);
  };
  return {
    reserve(width) {
      width = Math.max(0, Math.round(width));
      if (width !== reserved) apply(width);
    },
    refresh: () => apply(reserved),
  };
}
