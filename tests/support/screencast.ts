// What the rep actually saw: every frame Chromium's compositor produced for a tab (DevTools screencast,
// each frame acknowledged at once so the next one is sent), and a pixel check of those frames in the
// extension's worker (OffscreenCanvas), so no image library is needed.
import type { Page } from "playwright-core";
import type { LaunchedExtension } from "./browser";
import type { Box } from "./our-ui";

/** JPEG frames (base64) painted while `during` runs. */
export async function screencast(tab: Page, during: () => Promise<void>): Promise<string[]> {
  const cdp = await tab.context().newCDPSession(tab);
  const frames: string[] = [];
  cdp.on("Page.screencastFrame", (frame) => {
    frames.push(frame.data);
    void cdp.send("Page.screencastFrameAck", { sessionId: frame.sessionId }).catch(() => undefined);
  });
  await cdp.send("Page.startScreencast", { format: "jpeg", quality: 85, everyNthFrame: 1 });
  try {
    await during();
  } finally {
    await cdp.send("Page.stopScreencast").catch(() => undefined);
    await cdp.detach().catch(() => undefined);
  }
  return frames;
}

export interface FrameSeen {
  /** The panel area holds a long solid dark run: the previous thread's "█████…" message. */
  previousThread: boolean;
  /** The page (left of the panel) shows the next record's red bar. */
  nextRecord: boolean;
}

/** Classifies each frame; `panel` is the panel iframe's box in CSS px, `viewportWidth` the page's. */
export async function sharesFrame(ext: LaunchedExtension, frames: string[], panel: Box, viewportWidth = 1280): Promise<FrameSeen[]> {
  await ext.worker.evaluate("globalThis.__name ??= (f) => f"); // tsx's name helper, absent in the worker
  return ext.worker.evaluate(
    async ({ frames, panel, viewportWidth }) => {
      const out: Array<{ previousThread: boolean; nextRecord: boolean }> = [];
      for (const b64 of frames) {
        const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
        const bitmap = await createImageBitmap(new Blob([bytes], { type: "image/jpeg" }));
        const { width, height } = bitmap;
        const canvas = new OffscreenCanvas(width, height);
        const g = canvas.getContext("2d")!;
        g.drawImage(bitmap, 0, 0);
        const { data } = g.getImageData(0, 0, width, height);
        const scale = width / viewportWidth;
        const left = Math.floor(panel.x * scale);
        let longestDark = 0;
        let red = 0;
        for (let y = 0; y < height; y++) {
          let run = 0;
          for (let x = 0; x < width; x++) {
            const i = (y * width + x) * 4;
            const [r, gr, b] = [data[i], data[i + 1], data[i + 2]];
            if (x < left) {
              if (r > 170 && gr < 80 && b < 80) red++;
              continue;
            }
            run = 0.299 * r + 0.587 * gr + 0.114 * b < 90 ? run + 1 : 0;
            if (run > longestDark) longestDark = run;
          }
        }
        out.push({ previousThread: longestDark >= 100 * scale, nextRecord: red >= 2000 * scale * scale });
      }
      return out;
    },
    { frames, panel, viewportWidth },
  );
}
