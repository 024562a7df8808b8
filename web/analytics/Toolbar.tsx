// The period (last 7, 30 or 90 days) and the clock (calendar time or business hours) of a page.
import type { Clock } from "./MetricCards";

export function Toolbar({
  days,
  onDays,
  clock,
  onClock,
  onCsv,
}: {
  days: number;
  onDays(d: number): void;
  clock: Clock;
  onClock(c: Clock): void;
  onCsv?: () => void;
}) {
  return (
    <div className="an-toolbar">
      <label>
        Period{" "}
        <select value={days} onChange={(e) => onDays(Number(e.target.value))} data-testid="analytics-period">
          <option value={7}>Last 7 days</option>
          <option value={30}>Last 30 days</option>
          <option value={90}>Last 90 days</option>
        </select>
      </label>
      <label>
        Time{" "}
        <select value={clock} onChange={(e) => onClock(e.target.value as Clock)} data-testid="analytics-clock">
          <option value="calendar">Calendar time</option>
          <option value="business">Business hours</option>
        </select>
      </label>
      {onCsv && (
        <button type="button" className="st-btn st-btn-small" onClick={onCsv}>
          Export CSV
        </button>
      )}
    </div>
  );
}
