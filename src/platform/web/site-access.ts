// Enabling Sidetext on CRM sites is the extension's: the web app reads no other site, so it holds none.
import type { SiteAccess } from "../site-access";

export const siteAccess: SiteAccess = {
  requestOrigin: async () => false,
  hasOrigin: async () => false,
  releaseOrigin: async () => false,
  registered: async () => [],
  register: async () => {},
  unregister: async () => {},
  async inject() {
    throw new Error("The web app cannot run scripts in other sites.");
  },
  onOriginsRemoved: () => () => {},
  onInstalledOrStartup: () => {},
  contentScripts: () => [],
};
