// Sites the rep enabled from the popup: the generic content script registered for the site's origin (kept
// across browser restarts), the list in storage.local, and the optional host permission behind both.
// After an update the built script's file name changes (Plasmo hashes it) and Chrome may have dropped the
// registrations: `reconcile` re-registers every listed site whose permission is still held.
import { genericScriptFile, isBuiltInCrm, originPattern } from "../crm/enable-site";
import type { SiteAccess } from "../platform/site-access";
import type { KeyValueStore } from "../platform/storage";
import type { EnabledSite } from "../protocol/page-commands";

const KEY = "enabledSites";
export const SCRIPT_ID_PREFIX = "sidetext-generic:";
const scriptId = (origin: string) => SCRIPT_ID_PREFIX + origin;

export type EnableOutcome =
  | { ok: true; origin: string }
  | { ok: false; reason: "unsupported_page" | "built_in" | "permission_denied" | "script_missing"; message: string };

export type EnabledSites = ReturnType<typeof createEnabledSites>;

export function createEnabledSites(deps: { storage: KeyValueStore; access: SiteAccess; scriptFile?: () => string | null; now?: () => number }) {
  const scriptFile = deps.scriptFile ?? (() => genericScriptFile({ content_scripts: deps.access.contentScripts() }));
  const now = () => new Date((deps.now ?? Date.now)()).toISOString();
  const list = async () => (await deps.storage.get<EnabledSite[]>(KEY)) ?? [];
  const save = (sites: EnabledSite[]) => deps.storage.set(KEY, sites);

  async function register(origin: string, file: string) {
    await deps.access.register({ id: scriptId(origin), matches: [`${origin}/*`], js: [file] });
  }

  return {
    list,
    isEnabled: async (origin: string) => (await list()).some((s) => s.origin === origin),

    /** The rep granted the page's origin (popup click): run Sidetext there now and on every later visit. */
    async enable(tab: { id: number; url: string | undefined }): Promise<EnableOutcome> {
      const pattern = originPattern(tab.url);
      if (!pattern) return { ok: false, reason: "unsupported_page", message: "Sidetext can run on web pages (http or https) only." };
      const origin = pattern.slice(0, -2);
      if (isBuiltInCrm(origin)) return { ok: false, reason: "built_in", message: "Sidetext already runs on this CRM." };
      if (!(await deps.access.hasOrigin(pattern)))
        return { ok: false, reason: "permission_denied", message: `Sidetext was not allowed on ${new URL(origin).host}.` };
      const file = scriptFile();
      if (!file) return { ok: false, reason: "script_missing", message: "This build of Sidetext has no script for enabled sites." };
      await register(origin, file);
      const sites = await list();
      if (!sites.some((s) => s.origin === origin)) await save([...sites, { origin, enabledAt: now() }]);
      await deps.access.inject(tab.id, file);
      return { ok: true, origin };
    },

    /** Options' Remove: no script from the next page load, and the permission given back. */
    async remove(origin: string) {
      await deps.access.unregister([scriptId(origin)]);
      await save((await list()).filter((s) => s.origin !== origin));
      await deps.access.releaseOrigin(`${origin}/*`);
    },

    /** On install, update and browser start: every listed site with its permission runs the current script. */
    async reconcile() {
      const file = scriptFile();
      const sites = await list();
      const kept: EnabledSite[] = [];
      for (const site of sites) {
        if (await deps.access.hasOrigin(`${site.origin}/*`)) kept.push(site);
      }
      const registered = (await deps.access.registered()).filter((s) => s.id.startsWith(SCRIPT_ID_PREFIX));
      const wanted = new Set(kept.map((s) => scriptId(s.origin)));
      // Registrations with no listed site (or whose permission went away in chrome://extensions) end.
      await deps.access.unregister(registered.filter((s) => !wanted.has(s.id)).map((s) => s.id));
      if (file) {
        for (const site of kept) {
          const current = registered.find((s) => s.id === scriptId(site.origin));
          if (current?.js[0] !== file) await register(site.origin, file);
        }
      }
      if (kept.length !== sites.length) await save(kept);
    },
  };
}
