// What the worker asks of the content script in a tab (tabs.sendMessage; src/protocol/page-commands.ts
// PageRequest): what it sees here (options' diagnostics, the popup), a number picked on the page, opening
// the collapsed panel (context menu), and stopping (the rep removed the site in options).
import { messaging } from "~src/platform/messaging";
import type { CommandResult } from "~src/protocol/messages";
import type { PageRequest, PageStatusAnswer, PickAnswer } from "~src/protocol/page-commands";
import { pickNumberOnPage, type EventGate } from "./pick-number";

export interface WorkerRequestsOptions {
  document: Document;
  signal: AbortSignal;
  status(): PageStatusAnswer;
  showPanel(): void;
  stop(): void;
  /** Where the rep docks the panel: asked once at start, then told on every change. */
  onDock?(dock: "page" | "sidepanel"): void;
  gate?: EventGate;
}

export function answerWorkerRequests(options: WorkerRequestsOptions): void {
  let picking: AbortController | null = null;
  const off = messaging.onMessage((message, sender) => {
    // Only the worker reaches a content script this way; it sends from no tab.
    if (sender.tabId !== null) return undefined;
    const request = message as PageRequest;
    switch (request?.type) {
      case "sidetext:page-status":
        return Promise.resolve(options.status());
      case "sidetext:show-panel":
        options.showPanel();
        return Promise.resolve(null);
      case "sidetext:dock":
        options.onDock?.(request.dock);
        return Promise.resolve(null);
      case "sidetext:stop":
        options.stop();
        return Promise.resolve(null);
      case "sidetext:pick-number": {
        picking?.abort(); // a second request replaces the first
        const current = new AbortController();
        picking = current;
        options.signal.addEventListener("abort", () => current.abort(), { once: true, signal: current.signal });
        options.showPanel();
        return pickNumberOnPage(options.document, current.signal, options.gate).then((text): PickAnswer => {
          if (picking === current) picking = null;
          return { text };
        });
      }
      default:
        return undefined;
    }
  });
  options.signal.addEventListener("abort", off, { once: true });
  if (options.onDock) {
    void (messaging.send({ type: "settings.get" }) as Promise<CommandResult<"settings.get">>).then(
      (r) => {
        if (r?.ok && r.data.dock === "sidepanel" && !options.signal.aborted) options.onDock?.("sidepanel");
      },
      () => undefined,
    );
  }
}
