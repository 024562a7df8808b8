// Import first in extension tests: IndexedDB (fake-indexeddb) and the extension APIs
// (@webext-core/fake-browser) as globals, before Dexie and webextension-polyfill load.
import "fake-indexeddb/auto";
import { fakeBrowser } from "@webext-core/fake-browser";

const g = globalThis as Record<string, unknown>;
g.chrome = fakeBrowser;
// The polyfill hands back an existing promise-based `browser` as is (fake-browser already is one).
g.browser = fakeBrowser;

export { fakeBrowser };
