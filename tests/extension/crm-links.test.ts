// "Open in CRM" and notification clicks (item 7 of the record-detection issue, item 17 of the hardening
// issue): where a number was seen lives in the worker's IndexedDB, never in storage.local (every content
// script can read that); it is remembered only for records read on a built-in CRM or a site the rep
// enabled, on the page that reported them; and it takes the rep back to the record's own URL, hash included.
import "../support/extension-env";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { tabs } from "../../src/platform/tabs";
import type { CrmRecord } from "../../src/protocol/record";
import { LEGACY_KEY } from "../../src/worker/crm-links";
import type { Harness } from "../support/engine-harness";
import { FakeInbox } from "../support/fake-inbox";
import { contentSender, type createCommandRouter, enabledOrigins, popupSender, type workerContext, startSignedInWorker } from "../support/worker-harness";
import { fakeBrowser } from "../support/extension-env";

let h: Harness;
let stop: () => void;
let ctx: ReturnType<typeof workerContext>;
let route: ReturnType<typeof createCommandRouter>;
beforeEach(async () => {
  const inbox = new FakeInbox();
  inbox.addConversation(2);
  ({ h, ctx, route, stop } = await startSignedInWorker({ inbox }));
});
afterEach(() => {
  stop();
  vi.restoreAllMocks();
});

const E164 = "+14155551002";
const recordAt = (url: string, source: CrmRecord["source"] = "generic"): CrmRecord => ({
  source,
  kind: "contact",
  name: "Customer 2",
  company: null,
  url,
  phones: [{ raw: "(415) 555-1002", e164: E164, label: "mobile", extension: null }],
  fields: {},
});
const opened = (tabId: number, pageUrl: string, record: CrmRecord) => route({ type: "record.opened", record }, contentSender(tabId, pageUrl));
const crmOpen = () => route({ type: "crm.open", e164: E164 }, popupSender);

describe("where a number was seen", () => {
  it("is kept in IndexedDB, not in storage.local", async () => {
    const url = "https://app.hubspot.com/contacts/1/record/0-1/2";
    await opened(7, url, recordAt(url, "hubspot"));
    expect(await h.db.crmLinks.get(E164)).toMatchObject({ url, tabId: 7, name: "Customer 2", source: "hubspot" });
    expect(await fakeBrowser.storage.local.get(null)).not.toHaveProperty(LEGACY_KEY);
  });

  it("moves what older versions kept in storage.local into IndexedDB and deletes the key", async () => {
    const at = new Date().toISOString();
    await fakeBrowser.storage.local.set({
      [LEGACY_KEY]: {
        [E164]: { tabId: 3, url: "https://acme.my.salesforce.com/lightning/r/Contact/003/view", name: "Customer 2", source: "salesforce", at },
        "+14155550199": { tabId: 4, url: "https://random-blog.example/contact", name: "Someone", source: "generic", at },
      },
    });
    await ctx.crmLinks.migrate();
    expect(await fakeBrowser.storage.local.get(LEGACY_KEY)).toEqual({});
    expect(await h.db.crmLinks.get(E164)).toMatchObject({ source: "salesforce", tabId: 3 });
    expect(await h.db.crmLinks.get("+14155550199")).toBeUndefined(); // not a CRM Sidetext runs on
  });

  it("is not remembered for a site that is neither a built-in CRM nor enabled by the rep", async () => {
    const url = "https://random-blog.example/about";
    await opened(7, url, recordAt(url));
    expect(await crmOpen()).toEqual({ ok: true, data: { opened: false } });
    expect(await h.db.crmLinks.count()).toBe(0);
  });

  it("is not remembered when the record claims a URL on another site than the page that reported it", async () => {
    await opened(7, "https://app.hubspot.com/contacts/1/record/0-1/2", recordAt("https://phishing.example/login", "hubspot"));
    await opened(7, "https://app.hubspot.com/contacts/1/record/0-1/2", recordAt("javascript:alert(1)", "hubspot"));
    expect(await h.db.crmLinks.count()).toBe(0);
  });

  it("is forgotten at sign-out", async () => {
    const url = "https://app.hubspot.com/contacts/1/record/0-1/2";
    await opened(7, url, recordAt(url, "hubspot"));
    await h.engine.signOut();
    expect(await h.db.crmLinks.count()).toBe(0);
  });
});

describe("Open in CRM on a hash-routed site the rep enabled", () => {
  const contact12 = "https://crm.example.org/app/#/contacts/12/show";
  const contact13 = "https://crm.example.org/app/#/contacts/13/show";
  beforeEach(() => void enabledOrigins.add("https://crm.example.org"));

  it("opens the record's own URL, hash included", async () => {
    const open = vi.spyOn(tabs, "open").mockResolvedValue();
    vi.spyOn(tabs, "focus").mockResolvedValue(false);
    await opened(7, contact12, recordAt(contact12));
    await route({ type: "record.closed" }, contentSender(7, contact12));
    expect(await crmOpen()).toEqual({ ok: true, data: { opened: true } });
    expect(open).toHaveBeenCalledWith(contact12);
  });

  it("does not focus the tab that moved on to another contact, even one showing the same number", async () => {
    const open = vi.spyOn(tabs, "open").mockResolvedValue();
    const focus = vi.spyOn(tabs, "focus").mockResolvedValue(true);
    await opened(7, contact12, recordAt(contact12));
    // Tab 7 is now on contact 13 (same household number) — only its hash changed; the link stays on 12.
    await route({ type: "record.opened", record: recordAt(contact13) }, contentSender(7, contact13));
    await h.db.crmLinks.put({ e164: E164, tabId: 7, url: contact12, name: "Customer 2", source: "generic", at: new Date().toISOString() });
    await crmOpen();
    expect(focus).not.toHaveBeenCalledWith(7);
    expect(open).toHaveBeenCalledWith(contact12);
  });

  it("focuses a tab still on that record", async () => {
    const open = vi.spyOn(tabs, "open").mockResolvedValue();
    const focus = vi.spyOn(tabs, "focus").mockResolvedValue(true);
    await opened(7, contact12, recordAt(contact12));
    await crmOpen();
    expect(focus).toHaveBeenCalledWith(7);
    expect(open).not.toHaveBeenCalled();
  });
});
