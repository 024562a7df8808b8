// chrome.alarms on the web: the hosted worker lives as long as a page of the app is open, so a timer does.
import type { Alarms } from "../alarms";

const timers = new Map<string, { period: number; timer: ReturnType<typeof setInterval> }>();
const listeners = new Set<(name: string) => void>();

export const alarms: Alarms = {
  async every(name, periodMinutes) {
    if (timers.get(name)?.period === periodMinutes) return; // keep its phase, as the extension does
    clearInterval(timers.get(name)?.timer);
    const timer = setInterval(() => {
      for (const l of listeners) l(name);
    }, periodMinutes * 60_000);
    timers.set(name, { period: periodMinutes, timer });
  },
  async clear(name) {
    clearInterval(timers.get(name)?.timer);
    timers.delete(name);
  },
  onAlarm(listener) {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};
