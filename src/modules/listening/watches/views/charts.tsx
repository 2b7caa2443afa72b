/**
 * Server-rendered SVG charts (no JavaScript): horizontal bars and a step line of cumulative reach
 * (lines over time: src/web/charts.tsx). Colours come from CSS classes (watch-chart-*) in app.css; every chart has
 * a <title> and an aria-label, and text is escaped by hono/jsx.
 */
import type { FC } from 'hono/jsx';
import { PAGE_TIME_ZONE } from '../../../../web/components';

// The shared chart primitives and the line chart live in src/web/charts.tsx (other dashboards use them).
import { fmt, H, LineChart, niceMax, PAD, W, YGrid, yScale, type Line } from '../../../../web/charts';

export { LineChart, type Line };

export type Bar = { label: string; value: number; note?: string; href?: string };

/** Horizontal bars, largest first as given. */
export const BarChart: FC<{ title: string; bars: Bar[]; cls?: string; empty: string }> = ({
  title,
  bars,
  cls,
  empty,
}) => {
  if (bars.length === 0) return <p class="watch-empty">{empty}</p>;
  const max = Math.max(1, ...bars.map((b) => b.value));
  const row = 24;
  const height = bars.length * row + 4;
  const labelW = 170;
  // Room on the right for the longest note ("1.2k · 35 %", "@name 120 · 14 messages"), so it never clips.
  const noteW = Math.min(220, 12 + 7 * Math.max(...bars.map((b) => (b.note ?? fmt(b.value)).length)));
  const barW = W - labelW - noteW;
  return (
    <figure class="watch-chart">
      <svg viewBox={`0 0 ${W} ${height}`} role="img" aria-label={title} class="watch-chart-svg">
        <title>{title}</title>
        {bars.map((b, i) => (
          <g>
            <text x={labelW - 8} y={i * row + 17} text-anchor="end" class="watch-chart-label">
              {b.label.length > 22 ? `${b.label.slice(0, 21)}…` : b.label}
              {b.label.length > 22 ? <title>{b.label}</title> : null}
            </text>
            <rect
              x={labelW}
              y={i * row + 4}
              width={Math.max(2, (b.value / max) * barW)}
              height={row - 8}
              rx="3"
              class={`watch-chart-bar ${cls ?? ''}`}
            />
            <text x={labelW + Math.max(2, (b.value / max) * barW) + 6} y={i * row + 17} class="watch-chart-axis">
              {b.note ?? fmt(b.value)}
            </text>
          </g>
        ))}
      </svg>
    </figure>
  );
};

/** A step line of a cumulative value over time (propagation reach). */
export const StepChart: FC<{ title: string; points: { at: Date; value: number }[]; locale: string }> = ({
  title,
  points,
  locale,
}) => {
  if (points.length === 0) return null;
  const t0 = points[0].at.getTime();
  const t1 = Math.max(points[points.length - 1].at.getTime(), t0 + 60_000);
  const max = niceMax(Math.max(1, ...points.map((p) => p.value)));
  const x = (t: number) => PAD.left + ((t - t0) / (t1 - t0)) * (W - PAD.left - PAD.right);
  const y = yScale(max);
  let path = `M${x(t0).toFixed(1)},${y(0).toFixed(1)}`;
  for (const p of points) path += ` H${x(p.at.getTime()).toFixed(1)} V${y(p.value).toFixed(1)}`;
  path += ` H${x(t1).toFixed(1)}`;
  const time = new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'short', timeZone: PAGE_TIME_ZONE });
  return (
    <figure class="watch-chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={title} class="watch-chart-svg">
        <title>{title}</title>
        <YGrid max={max} />
        <text x={PAD.left} y={H - 8} class="watch-chart-axis">
          {time.format(new Date(t0))}
        </text>
        <text x={W - PAD.right} y={H - 8} text-anchor="end" class="watch-chart-axis">
          {time.format(new Date(t1))}
        </text>
        <path d={path} fill="none" class="watch-chart-line watch-chart-reach" />
      </svg>
    </figure>
  );
};
