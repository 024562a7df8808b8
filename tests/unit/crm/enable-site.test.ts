// Enabling Sidetext on any site: the worker's side (src/worker/enabled-sites.ts) over an in-memory stand-in
// for chrome.permissions + chrome.scripting that behaves like Chrome (duplicate ids refused, registrations
// and grants kept apart), and the pure helpers of src/crm/enable-site.ts.
import { beforeEach, describe, expect, it } from "vitest";
import { builtInCrm, genericScriptFile, originPattern } from "../../../src/crm/enable-site";
import type { RegisteredScript, SiteAccess } from "../../../src/platform/site-access";
import type { KeyValueStore } from "../../../src/platform/storage";
import { createEnabledSites, SCRIPT_ID_PREFIX } from "../../../src/worker/enabled-sites";

function fakeChrome() {
  const granted = new Set<string>();
  const scripts = new Map<string, RegisteredScript>();
  const injected: { tabId: number; file: string }[] = [];
  const access: SiteAccess = {
    requestOrigin: async (pattern) => {
      granted.add(pattern);
      return true;
    },
    hasOrigin: async (pattern) => granted.has(pattern),
    releaseOrigin: async (pattern) => granted.delete(pattern),
    registered: async () => [...scripts.values()],
    register: async (script) => void scripts.set(script.id, script),
    async unregister(ids) {
      for (const id of ids) if (!scripts.delete(id)) throw new Error(`Nonexistent script ID '${id}'`);
    },
    inject: async (tabId, file) => void injected.push({ tabId, file }),
    onOriginsRemoved: () => () => undefined,
    onInstalledOrStartup: () => undefined,
    contentScripts: () => [{ matches: ["https://sidetext.invalid/*"], js: [file] }],
  };
  return { granted, scripts, injected, access };
}

function memoryStore(): KeyValueStore {
  const values = new Map<string, unknown>();
  return {
    get: async <T>(key: string) => values.get(key) as T | undefined,
    set: async (key, value) => void values.set(key, structuredClone(value)),
    remove: async (key) => void values.delete(key),
  };
}

let chrome: ReturnType<typeof fakeChrome>;
let storage: KeyValueStore;
let file: string;
const sites = () => createEnabledSites({ storage, access: chrome.access, now: () => Date.parse("2026-12-01T09:00:00Z") });

beforeEach(() => {
  chrome = fakeChrome();
  storage = memoryStore();
  file = "generic.9f8e7d.js";
});

describe("enabling a site", () => {
  it("registers the generic script for the granted origin, runs it in the tab now, and lists the site", async () => {
    chrome.granted.add("https://crm.example.org/*");
    expect(await sites().enable({ id: 7, url: "https://crm.example.org/#/contacts/12/show" })).toEqual({ ok: true, origin: "https://crm.example.org" });
    expect([...chrome.scripts.values()]).toEqual([
      { id: `${SCRIPT_ID_PREFIX}https://crm.example.org`, matches: ["https://crm.example.org/*"], js: ["generic.9f8e7d.js"] },
    ]);
    expect(chrome.injected).toEqual([{ tabId: 7, file: "generic.9f8e7d.js" }]);
    expect(await sites().list()).toEqual([{ origin: "https://crm.example.org", enabledAt: "2026-12-01T09:00:00.000Z" }]);
  });

  it("registers nothing without the permission (the rep said no to Chrome's prompt)", async () => {
    expect(await sites().enable({ id: 7, url: "https://crm.example.org/" })).toMatchObject({ ok: false, reason: "permission_denied" });
    expect(chrome.scripts.size).toBe(0);
    expect(chrome.injected).toEqual([]);
    expect(await sites().list()).toEqual([]);
  });

  it("enabling twice keeps one registration and one row", async () => {
    chrome.granted.add("https://crm.example.org/*");
    await sites().enable({ id: 7, url: "https://crm.example.org/a" });
    await sites().enable({ id: 8, url: "https://crm.example.org/b" });
    expect(chrome.scripts.size).toBe(1);
    expect(await sites().list()).toHaveLength(1);
  });

  it.each(["chrome://extensions/", "file:///tmp/a.html", undefined])("refuses %s", async (url) => {
    expect(await sites().enable({ id: 1, url })).toMatchObject({ ok: false, reason: "unsupported_page" });
  });

  it("says a built-in CRM needs nothing", async () => {
    expect(await sites().enable({ id: 1, url: "https://acme.lightning.force.com/lightning/r/Contact/003/view" })).toMatchObject({
      ok: false,
      reason: "built_in",
    });
    expect(builtInCrm("https://app.hubspot.com")).toBe("hubspot");
    expect(builtInCrm("https://crm.example.org")).toBeNull();
  });

  it("Remove unregisters, drops the row and gives the permission back", async () => {
    chrome.granted.add("https://crm.example.org/*");
    await sites().enable({ id: 7, url: "https://crm.example.org/" });
    await sites().remove("https://crm.example.org");
    expect(chrome.scripts.size).toBe(0);
    expect(chrome.granted.has("https://crm.example.org/*")).toBe(false);
    expect(await sites().list()).toEqual([]);
  });
});

describe("after a browser restart or an extension update", () => {
  it("re-registers every listed site with the new build's script when Chrome dropped or kept the old one", async () => {
    chrome.granted.add("https://a.example.org/*");
    chrome.granted.add("https://b.example.org/*");
    await sites().enable({ id: 1, url: "https://a.example.org/" });
    await sites().enable({ id: 2, url: "https://b.example.org/" });
    chrome.scripts.delete(`${SCRIPT_ID_PREFIX}https://b.example.org`); // dropped by the update
    file = "generic.0new0.js"; // the update renamed the built script
    await sites().reconcile();
    expect([...chrome.scripts.values()].map((s) => [s.id, s.js[0]]).sort()).toEqual([
      [`${SCRIPT_ID_PREFIX}https://a.example.org`, "generic.0new0.js"],
      [`${SCRIPT_ID_PREFIX}https://b.example.org`, "generic.0new0.js"],
    ]);
  });

  it("drops a site whose permission the rep removed in Chrome's settings, and its registration", async () => {
    chrome.granted.add("https://a.example.org/*");
    await sites().enable({ id: 1, url: "https://a.example.org/" });
    chrome.granted.delete("https://a.example.org/*");
    await sites().reconcile();
    expect(chrome.scripts.size).toBe(0);
    expect(await sites().list()).toEqual([]);
  });
});

describe("helpers", () => {
  it.each([
    ["https://portal.example.com/customers/42?tab=1", "https://portal.example.com/*"],
    ["http://10.0.0.5:8080/#/contacts/1/show", "http://10.0.0.5:8080/*"],
    ["chrome://extensions/", null],
    ["not a url", null],
  ])("origin pattern of %s", (url, pattern) => {
    expect(originPattern(url)).toBe(pattern);
  });

  it("finds the built generic script in the manifest by its placeholder match", () => {
    const manifest = {
      content_scripts: [
        { matches: ["https://*.lightning.force.com/*"], js: ["salesforce.1a2b.js"] },
        { matches: ["https://sidetext.invalid/*"], js: ["generic.9f8e7d.js"] },
      ],
    };
    expect(genericScriptFile(manifest)).toBe("generic.9f8e7d.js");
    expect(genericScriptFile({ content_scripts: [] })).toBeNull();
  });
});
