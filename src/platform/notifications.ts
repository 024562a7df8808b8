// Desktop notifications.
import { browser } from "./browser";

export interface Notifications {
  show(id: string, note: { title: string; message: string; contextMessage?: string }): Promise<void>;
  clear(id: string): Promise<void>;
  onClicked(listener: (id: string) => void): () => void;
}

export const notifications: Notifications = {
  async show(id, note) {
    await browser.notifications.create(id, {
      type: "basic",
      // Plasmo renames icons with a content hash: take the path from the manifest.
      iconUrl: browser.runtime.getURL(browser.runtime.getManifest().icons?.["128"] ?? "icon128.png"),
      title: note.title,
      message: note.message,
      contextMessage: note.contextMessage,
    });
  },
  async clear(id) {
    await browser.notifications.clear(id);
  },
  onClicked(listener) {
    browser.notifications.onClicked.addListener(listener);
    return () => browser.notifications.onClicked.removeListener(listener);
  },
};
