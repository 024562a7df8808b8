// chrome.alarms: the only timer that survives the MV3 worker being stopped (it wakes the worker up).
import { browser } from "./browser";

export interface Alarms {
  /** (Re)creates a repeating alarm; Chrome rounds periods below 30 s up to 30 s. */
  every(name: string, periodMinutes: number): Promise<void>;
  clear(name: string): Promise<void>;
  onAlarm(listener: (name: string) => void): () => void;
}

export const alarms: Alarms = {
  async every(name, periodMinutes) {
    const existing = await browser.alarms.get(name);
    if (existing?.periodInMinutes === periodMinutes) return; // keep its phase: re-creating postpones it
    await browser.alarms.create(name, { periodInMinutes: periodMinutes, delayInMinutes: periodMinutes });
  },
  async clear(name) {
    await browser.alarms.clear(name);
  },
  onAlarm(listener) {
    const handler = (alarm: { name: string }) => listener(alarm.name);
    browser.alarms.onAlarm.addListener(handler);
    return () => browser.alarms.onAlarm.removeListener(handler);
  },
};
