// The commands of src/protocol/page-commands.ts: numbers the rep gives the panel, enabling sites, and
// what Sidetext sees on the active tab. Spread into the worker's command handlers (./commands.ts).
import { fail, ok } from "../api/errors";
import { pageTabs as defaultPageTabs, type PageTabs } from "../platform/page-tabs";
import { siteAccess } from "../platform/site-access";
import { storageArea } from "../platform/storage";
import type { CommandData, CommandOf, Result } from "../protocol/messages";
import type { PageCommandData, PickAnswer } from "../protocol/page-commands";
import type { MessageSender } from "../platform/messaging";
import type { WorkerContext } from "./context";
import { createEnabledSites, type EnabledSites } from "./enabled-sites";
import { pageStatus } from "./page-diagnostics";
import { repNumber } from "./rep-numbers";

type PageType = keyof PageCommandData;
type PageHandlers = { [T in PageType]: (command: CommandOf<T>, sender: MessageSender) => Promise<Result<CommandData[T]>> };

export interface PageDeps {
  tabs?: PageTabs;
  sites?: EnabledSites;
}

export function createPageCommandHandlers(ctx: WorkerContext, deps: PageDeps = {}): PageHandlers {
  const tabs = deps.tabs ?? defaultPageTabs;
  const sites = deps.sites ?? createEnabledSites({ storage: storageArea("local"), access: siteAccess });
  // The panel in a CRM tab speaks for its tab; Chrome's side panel (no tab) for the active one.
  const tabOf = async (sender: MessageSender) => sender.tabId ?? (await tabs.activeWebTab())?.id ?? null;
  const noRecord = () => fail("no_tab", "Open a record in your CRM first: the number is kept for the record on screen.");

  return {
    "panel.useNumber": async (c, sender) => {
      const tabId = await tabOf(sender);
      if (tabId === null) return noRecord();
      const phone = repNumber(c.raw, "typed", (await ctx.settings.get()).defaultCountry);
      if (!phone) return fail("validation_failed", `"${c.raw}" is not a phone number Sidetext can text.`);
      return (await ctx.records.pick(tabId, phone)) ? ok({ phone }) : noRecord();
    },
    "panel.pickNumber": async (_c, sender) => {
      const tabId = await tabOf(sender);
      if (tabId === null) return noRecord();
      const answer = await tabs.send<PickAnswer>(tabId, { type: "sidetext:pick-number" }).catch(() => null);
      if (!answer) return fail("no_tab", "Sidetext is not running on this page. Reload the page and try again.");
      if (answer.text === null) return ok({ phone: null });
      const phone = repNumber(answer.text, "picked", (await ctx.settings.get()).defaultCountry);
      if (!phone) return fail("validation_failed", `No phone number in "${answer.text.slice(0, 60)}". Click or select the number itself.`);
      return (await ctx.records.pick(tabId, phone)) ? ok({ phone }) : noRecord();
    },
    "page.status": async () => ok(await pageStatus({ tabs, sites, records: ctx.records })),
    "site.enable": async (c) => {
      const tab = await tabs.get(c.tabId);
      if (!tab) return fail("no_tab", "That tab is closed.");
      const outcome = await sites.enable(tab);
      if (outcome.ok) return ok({ origin: outcome.origin });
      const code = outcome.reason === "permission_denied" ? "permission_denied" : outcome.reason === "script_missing" ? "internal" : "validation_failed";
      return fail(code, outcome.message);
    },
    "site.remove": async (c) => {
      await sites.remove(new URL(c.origin).origin);
      return ok(null);
    },
    "sites.list": async () => ok({ sites: await sites.list() }),
  };
}
