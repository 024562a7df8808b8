// The one place that touches the extension APIs. Everything else imports from src/platform, never chrome.*.
// webextension-polyfill gives promise-based `browser` in Chrome (and is the real thing under test, where
// the globals come from @webext-core/fake-browser).
import browser from "webextension-polyfill";

export { browser };
export type { Runtime, Tabs } from "webextension-polyfill";
