/**
 * Server-rendered SVG charts (no JavaScript): lines over time, horizontal bars, and a step line
 * of cumulative reach. Colours come from CSS classes (watch-chart-*) in app.css; every chart has
 * a <title> and an aria-label, and text is escaped by hono/jsx.
 */
import type { FC } from 'hono/jsx';
import { PAGE_TIME_ZONE } from '../../../../web/components';

const W = 640;
const H = 200;
const PAD = { left: 44, right: 12, top: 12, bottom: 28 };

/** A round top for the axis whose half is round too: 4, 10, 20, 40, 100, 200, 400, 1000… */
const niceMax = (n: number) => {
  if (n <= 4) return 4;
  const pow = 10 ** Math.floor(Math.log10(n));
  for (const step of [1, 2, 4, 10]) if (step * pow >= n) return step * pow;
  return 10 * pow;
};

const fmt = (n: number) =>
  n >= 10_000 ? `${Math.round(n / 1000)}k` : n >= 1000 ? `${(n / 1000).toFixed(1)}k` : String(Math.round(n));

/** Value → y for a chart whose axis goes from 0 to `max`. */
const yScale = (max: number) => (v: number) => H - PAD.bottom - (v / max) * (H - PAD.top - PAD.bottom);

/** The horizontal grid lines at 0, half and the top, with their values on the y axis. */
const YGrid: FC<{ max: number }> = ({ max }) => {
  const y = yScale(max);
  return (
    <>
      {[0, max / 2, max].map((t) => (
        <g>
          <line x1={PAD.left} x2={W - PAD.right} y1={y(t)} y2={y(t)} class="watch-chart-grid" />
          <text x={PAD.left - 6} y={y(t) + 4} text-anchor="end" class="watch-chart-axis">
            {fmt(t)}
          </text>
        </g>
      ))}
    </>
  );
};

const anchorOf = (i: number, n: number) => (i === 0 ? 'start' : i === n - 1 ? 'end' : 'middle');

export type Line = { label: string; cls: string; values: number[] };

/** Lines over evenly spaced x labels (e.g. days), with a legend. */
export const LineChart: FC<{ title: string; labels: string[]; lines: Line[] }> = ({ title, labels, lines }) => {
  const max = niceMax(Math.max(0, ...lines.flatMap((l) => l.values)));
  const n = Math.max(labels.length, 2);
  const x = (i: number) => PAD.left + (i * (W - PAD.left - PAD.right)) / (n - 1);
  const y = yScale(max);
  const every = Math.max(1, Math.ceil(labels.length / 6));
  return (
    <figure class="watch-chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={title} class="watch-chart-svg">
        <title>{title}</title>
        <YGrid max={max} />
        {labels.map((label, i) =>
          i % every === 0 || i === labels.length - 1 ? (
            // The first and last labels lean inwards so that they stay inside the chart.
            <text x={x(i)} y={H - 8} text-anchor={anchorOf(i, labels.length)} class="watch-chart-axis">
              {label}
            </text>
          ) : null,
        )}
        {lines.map((l) => (
          <polyline
            class={`watch-chart-line ${l.cls}`}
            fill="none"
            points={l.values.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ')}
          />
        ))}
      </svg>
      <figcaption class="watch-chart-legend">
        {lines.map((l) => (
          <span class={`watch-chart-key ${l.cls}`}>
            {l.label} ({l.values.reduce((a, b) => a + b, 0)})
          </span>
        ))}
      </figcaption>
    </figure>
  );
};

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
