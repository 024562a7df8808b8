// One time chart (uPlot: small, canvas, fast): days on the x axis, a few series, the values formatted for
// people. Resizes with its box; destroyed with the component.
import { useEffect, useRef } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";

export interface ChartSeries {
  label: string;
  values: Array<number | null>;
  color: string;
}

const DAY_S = 86_400;

/** `unit` formats the legend's values; `tick` the axis' (shorter), `unit` when not given. */
export function Chart({
  title,
  days,
  series,
  unit,
  tick = unit,
}: {
  title: string;
  days: string[];
  series: ChartSeries[];
  unit: (v: number) => string;
  tick?: (v: number) => string;
}) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const xs = days.map((d) => Date.parse(`${d}T12:00:00Z`) / 1000);
    const plot = new uPlot(
      {
        width: el.clientWidth || 600,
        height: 200,
        series: [
          {},
          ...series.map((s) => ({
            label: s.label,
            stroke: s.color,
            width: 2,
            spanGaps: false,
            value: (_u: uPlot, v: number | null) => (v === null ? "—" : unit(v)),
          })),
        ],
        axes: [{ space: 60 }, { values: (_u: uPlot, ticks: number[]) => ticks.map(tick), size: 60 }],
        scales: { x: { time: true, range: [xs[0] - DAY_S / 2, xs[xs.length - 1] + DAY_S / 2] } },
        legend: { live: true },
        cursor: { drag: { x: false, y: false } },
      },
      [xs, ...series.map((s) => s.values)] as uPlot.AlignedData,
      el,
    );
    const resize = new ResizeObserver(() => plot.setSize({ width: el.clientWidth || 600, height: 200 }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [days, series, unit, tick]);
  return (
    <figure className="an-chart" aria-label={title}>
      <figcaption>{title}</figcaption>
      <div ref={box} />
    </figure>
  );
}
