// A trend in a table cell: an SVG polyline of one value a day (gaps where a day has none). Hand-drawn
// because a chart library per table cell (100 locations × 3 trends) costs more than these few lines.
export function Sparkline({ values, label }: { values: Array<number | null>; label: string }) {
  const w = 84;
  const h = 22;
  const known = values.filter((v): v is number => v !== null);
  const max = Math.max(1, ...known);
  const step = values.length > 1 ? w / (values.length - 1) : w;
  const parts: string[][] = [[]];
  values.forEach((v, i) => {
    if (v === null) parts.push([]);
    else parts[parts.length - 1].push(`${(i * step).toFixed(1)},${(h - 2 - (v / max) * (h - 4)).toFixed(1)}`);
  });
  return (
    <svg className="an-spark" width={w} height={h} viewBox={`0 0 ${w} ${h}`} role="img" aria-label={label}>
      {parts
        .filter((p) => p.length > 0)
        .map((p) => (
          <polyline key={p[0]} points={p.join(" ")} fill="none" stroke="currentColor" strokeWidth="1.5" />
        ))}
    </svg>
  );
}
