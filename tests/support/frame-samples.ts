// Samples every animation frame on both sides of the panel: in the panel frame (what it shows) and in our
// content script's own world in the page (what the page shows and whether our cover is over the panel —
// the cover sits in a closed shadow root that only that world can open, via chrome.dom). Both loops stamp
// frames with timeOrigin + now, the same clock in every renderer of the browser.
import type { CDPSession, Frame, Page } from "playwright-core";

export interface PageSample {
  t: number;
  next: boolean;
  covered: boolean;
}
export interface PanelSample {
  t: number;
  previous: boolean;
}

/** Our content script's isolated world in `tab`'s main frame, as an evaluator. */
async function contentScriptWorld(cdp: CDPSession, extensionId: string): Promise<(expression: string) => Promise<unknown>> {
  const contexts: Array<{ id: number; origin: string; auxData?: { isDefault?: boolean; frameId?: string } }> = [];
  cdp.on("Runtime.executionContextCreated", ({ context }) => contexts.push(context));
  await cdp.send("Runtime.enable"); // reports every existing context once, just after it answers
  const { frameTree } = (await cdp.send("Page.getFrameTree")) as { frameTree: { frame: { id: string } } };
  const find = () => contexts.find((c) => !c.auxData?.isDefault && c.auxData?.frameId === frameTree.frame.id && c.origin.includes(extensionId));
  for (let i = 0; i < 50 && !find(); i++) await new Promise((r) => setTimeout(r, 20));
  const ours = find();
  if (!ours) throw new Error("our content script's world is not in this page");
  return async (expression) => {
    const { result, exceptionDetails } = await cdp.send("Runtime.evaluate", { contextId: ours.id, expression, awaitPromise: true, returnByValue: true });
    if (exceptionDetails) throw new Error(`in the content script's world: ${JSON.stringify(exceptionDetails.exception?.description ?? exceptionDetails.text)}`);
    return result.value;
  };
}

/**
 * Runs `during` while both loops sample. `nextSelector`: an element only the next record's page has;
 * `previousText`: text only the previous record's thread has.
 */
export async function sampleEveryFrame(
  tab: Page,
  panel: Frame,
  extensionId: string,
  opts: { nextSelector: string; previousText: string },
  during: () => Promise<void>,
) {
  const cdp = await tab.context().newCDPSession(tab);
  try {
    await panel.evaluate((text) => {
      const w = window as unknown as { __samples: PanelSample[]; __sampling: boolean };
      w.__samples = [];
      w.__sampling = true;
      const loop = () => {
        if (!w.__sampling) return;
        w.__samples.push({ t: performance.timeOrigin + performance.now(), previous: document.body.innerText.includes(text) });
        requestAnimationFrame(loop);
      };
      requestAnimationFrame(loop);
    }, opts.previousText);
    const inOurWorld = await contentScriptWorld(cdp, extensionId);
    await inOurWorld(`(() => {
      const host = document.querySelector("sidetext-root");
      const root = chrome.dom.openOrClosedShadowRoot(host);
      const w = globalThis;
      w.__samples = [];
      w.__sampling = true;
      const loop = () => {
        if (!w.__sampling) return;
        const cover = root.querySelector(".cover"), all = root.querySelector(".all"), panel = root.querySelector(".panel");
        const covered = !cover.hidden || all.hidden || panel.hidden;
        w.__samples.push({ t: performance.timeOrigin + performance.now(), next: !!document.querySelector(${JSON.stringify(opts.nextSelector)}), covered });
        requestAnimationFrame(loop);
      };
      requestAnimationFrame(loop);
    })()`);
    await during();
    const pageSamples = (await inOurWorld("(globalThis.__sampling = false, globalThis.__samples)")) as PageSample[];
    const panelSamples = await panel.evaluate(() => {
      const w = window as unknown as { __samples: PanelSample[]; __sampling: boolean };
      w.__sampling = false;
      return w.__samples;
    });
    return { pageSamples, panelSamples };
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}

/**
 * The page frames in which the rep would have seen the next record beside the previous thread: the page shows
 * the next record, nothing covers the panel, and the panel's latest frame by then still shows the previous
 * thread. `slackMs` allows for clock skew between the two processes; an uncovered stale thread lasts far
 * longer (a round trip through the worker and a React render).
 */
export function framesShowingBoth(pageSamples: PageSample[], panelSamples: PanelSample[], slackMs = 2): PageSample[] {
  return pageSamples.filter((p) => {
    if (!p.next || p.covered) return false;
    const before = panelSamples.filter((s) => s.t <= p.t + slackMs);
    return before.length > 0 && before[before.length - 1].previous;
  });
}
