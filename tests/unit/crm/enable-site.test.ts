import { beforeEach, describe, expect, it, vi } from "vitest";

// The platform module is the one seam to the extension APIs: a fake with Chrome's behaviour stands in.
const scripts = new Map<string, { id: string; matches: string[]; js: string[] }>();
const fake = {
  runtime: {
    getManifest: () => ({
      content_scripts: [
        { matches: ["https://*.lightning.force.com/*"], js: ["salesforce.1a2b.js"] },
        { matches: ["https://sidetext.invalid/*"], js: ["generic.9f8e7d.js"] },
      ],
    }),
  },
  permissions: { request: vi.fn(async () => true), remove: vi.fn(async () => true) },
  scripting: {
    getRegisteredContentScripts: vi.fn(async ({ ids }: { ids: string[] }) => ids.filter((id) => scripts.has(id)).map((id) => scripts.get(id)!)),
    registerContentScripts: vi.fn(async (list: { id: string; matches: string[]; js: string[] }[]) => {
      for (const s of list) {
        if (scripts.has(s.id)) throw new Error(`Duplicate script ID '${s.id}'`);
        scripts.set(s.id, s);
      }
    }),
    unregisterContentScripts: vi.fn(async ({ ids }: { ids: string[] }) => ids.forEach((id) => scripts.delete(id))),
    executeScript: vi.fn(async () => []),
  },
};
vi.mock("~src/platform/browser", () => ({ browser: fake }));

const { enableSiteForTab, disableSiteForTab, genericScriptFile, isSiteEnabled, originPattern } = await import("~src/crm/enable-site");

beforeEach(() => {
  scripts.clear();
  vi.clearAllMocks();
});

describe("enableSiteForTab", () => {
  it("asks for the origin, registers the generic script there and runs it in the tab", async () => {
    const result = await enableSiteForTab({ id: 7, url: "https://portal.example.com/customers/42?tab=1" });
    expect(result).toEqual({ ok: true, origin: "https://portal.example.com", builtIn: false });
    expect(fake.permissions.request).toHaveBeenCalledWith({ origins: ["https://portal.example.com/*"] });
    expect([...scripts.values()]).toEqual([
      expect.objectContaining({ matches: ["https://portal.example.com/*"], js: ["generic.9f8e7d.js"], persistAcrossSessions: true }),
    ]);
    expect(fake.scripting.executeScript).toHaveBeenCalledWith({ target: { tabId: 7 }, files: ["generic.9f8e7d.js"] });
    expect(await isSiteEnabled({ url: "https://portal.example.com/other" })).toBe(true);
  });

  it("asks for the permission before any other await (Chrome needs the click's gesture)", async () => {
    await enableSiteForTab({ id: 7, url: "https://portal.example.com/" });
    const [request] = fake.permissions.request.mock.invocationCallOrder;
    expect(request).toBeLessThan(fake.scripting.getRegisteredContentScripts.mock.invocationCallOrder[0]);
  });

  it("enables a site twice without a duplicate registration", async () => {
    await enableSiteForTab({ id: 7, url: "https://portal.example.com/" });
    expect(await enableSiteForTab({ id: 8, url: "https://portal.example.com/x" })).toMatchObject({ ok: true });
    expect(scripts.size).toBe(1);
  });

  it("reports a refused permission and registers nothing", async () => {
    fake.permissions.request.mockResolvedValueOnce(false);
    expect(await enableSiteForTab({ id: 7, url: "https://portal.example.com/" })).toEqual({ ok: false, reason: "permission_denied" });
    expect(scripts.size).toBe(0);
  });

  it.each(["chrome://extensions/", "file:///tmp/a.html", undefined])("refuses %s", async (url) => {
    expect(await enableSiteForTab({ id: 1, url })).toEqual({ ok: false, reason: "unsupported_page" });
    expect(fake.permissions.request).not.toHaveBeenCalled();
  });

  it("needs nothing on a CRM the manifest already covers", async () => {
    expect(await enableSiteForTab({ id: 1, url: "https://acme.lightning.force.com/lightning/r/Contact/003/view" })).toEqual({
      ok: true,
      origin: "https://acme.lightning.force.com",
      builtIn: true,
    });
    expect(fake.permissions.request).not.toHaveBeenCalled();
  });

  it("disables: unregisters and gives the permission back", async () => {
    await enableSiteForTab({ id: 7, url: "https://portal.example.com/" });
    await disableSiteForTab({ url: "https://portal.example.com/a" });
    expect(scripts.size).toBe(0);
    expect(fake.permissions.remove).toHaveBeenCalledWith({ origins: ["https://portal.example.com/*"] });
  });
});

describe("helpers", () => {
  it("finds the generic script's hashed file name in the manifest", () => {
    expect(genericScriptFile()).toBe("generic.9f8e7d.js");
    expect(genericScriptFile({ content_scripts: [] })).toBeNull();
  });

  it("keeps the port in an origin pattern", () => {
    expect(originPattern("http://localhost:8080/app")).toBe("http://localhost:8080/*");
  });
});
