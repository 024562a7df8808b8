// Snooze presets in the rep's local time: later today, tomorrow morning, next week.
export interface SnoozePreset {
  label: string;
  until: Date;
}

export function snoozePresets(now = new Date()): SnoozePreset[] {
  const at = (days: number, hour: number) => {
    const d = new Date(now);
    d.setDate(d.getDate() + days);
    d.setHours(hour, 0, 0, 0);
    return d;
  };
  const inHours = (h: number) => new Date(now.getTime() + h * 3_600_000);
  const daysToMonday = (8 - now.getDay()) % 7 || 7;
  return [
    { label: "1 hour", until: inHours(1) },
    { label: "3 hours", until: inHours(3) },
    { label: "Tomorrow 9:00", until: at(1, 9) },
    { label: "Next Monday 9:00", until: at(daysToMonday, 9) },
  ];
}
