/**
 * Server-rendered SVG charts shared by every dashboard (listening's watches, places, the inbox's
 * service levels, analytics' Return on Involvement): no JavaScript, colours from CSS classes
 * (watch-chart-*, named after the listening page where they were born) in app.css, a <title> and
 * an aria-label on every chart, text escaped by hono/jsx.
 */
import type { FC } from 'hono/jsx';

export const W = 640;
export const H = 200;
export const PAD = { left: 44, right: 12, top: 12, bottom: 28 };

/** A round top for the axis whose half is round too: 4, 10, 20, 40, 100, 200, 400, 1000… */
export const niceMax = (n: number) => {
  if (n <= 4) return 4;
  const pow = 10 ** Math.floor(Math.log10(n));
  for (const step of [1, 2, 4, 10]) if (step * pow >= n) return step * pow;
  return 10 * pow;
};

export const fmt = (n: number) =>
  n >= 10_000 ? `${Math.round(n / 1000)}k` : n >= 1000 ? `${(n / 1000).toFixed(1)}k` : String(Math.round(n));

/** Value → y for a chart whose axis goes from `min` (0 unless some values are negative) to `max`. */
export const yScale =
  (max: number, min = 0) =>
  (v: number) =>
    H - PAD.bottom - ((v - min) / (max - min)) * (H - PAD.top - PAD.bottom);

/** The horizontal grid lines at the bottom, the middle and the top, with their values on the y axis. */
export const YGrid: FC<{ max: number; min?: number; format?: (n: number) => string }> = ({ max, min = 0, format }) => {
  const y = yScale(max, min);
  return (
    <>
      {[min, (min + max) / 2, max].map((t) => (
        <g>
          <line x1={PAD.left} x2={W - PAD.right} y1={y(t)} y2={y(t)} class="watch-chart-grid" />
          <text x={PAD.left - 6} y={y(t) + 4} text-anchor="end" class="watch-chart-axis">
            {(format ?? fmt)(t)}
          </text>
        </g>
      ))}
    </>
  );
};

const anchorOf = (i: number, n: number) => (i === 0 ? 'start' : i === n - 1 ? 'end' : 'middle');

/**
 * One line: `faint` draws it light and dashed (a comparison, e.g. the previous period); `total`
 * is what the legend shows next to the label (the sum of the values when absent). A null value
 * (no data: an average of nothing) breaks the line there rather than drawing a false zero.
 */
export type Line = { label: string; cls: string; values: (number | null)[]; faint?: boolean; total?: string };

/** The runs of consecutive non-null values of a line, each with its points' indexes. */
const runsOf = (values: (number | null)[]) => {
  const runs: { i: number; v: number }[][] = [];
  let run: { i: number; v: number }[] = [];
  values.forEach((v, i) => {
    if (v === null) {
      if (run.length) runs.push(run);
      run = [];
    } else run.push({ i, v });
  });
  if (run.length) runs.push(run);
  return runs;
};

/**
 * Lines over evenly spaced x labels (days, weeks, months), with a legend. `format` writes the y
 * axis (e.g. euros); `dots` marks each point, so a series of one or two buckets is still seen.
 * A series with negative values gets an axis symmetric around 0; `range` fixes the axis instead
 * (a score from −1 to 1).
 */
export const LineChart: FC<{
  title: string;
  labels: string[];
  lines: Line[];
  format?: (n: number) => string;
  dots?: boolean;
  range?: [number, number];
}> = ({ title, labels, lines, format, dots, range }) => {
  const all = lines.flatMap((l) => l.values).filter((v): v is number => v !== null);
  const low = Math.min(0, ...all);
  const top = low < 0 ? niceMax(Math.max(...all, -low)) : niceMax(Math.max(0, ...all));
  const [min, max] = range ?? [low < 0 ? -top : 0, top];
  const n = Math.max(labels.length, 2);
  const x = (i: number) => PAD.left + (i * (W - PAD.left - PAD.right)) / (n - 1);
  const y = yScale(max, min);
  const every = Math.max(1, Math.ceil(labels.length / 6));
  return (
    <figure class="watch-chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={title} class="watch-chart-svg">
        <title>{title}</title>
        <YGrid max={max} min={min} format={format} />
        {labels.map((label, i) =>
          // Every few labels and the last; one too close to the last one gives way to it.
          (i % every === 0 && (i === 0 || labels.length - 1 - i >= every / 2)) || i === labels.length - 1 ? (
            // The first and last labels lean inwards so that they stay inside the chart.
            <text x={x(i)} y={H - 8} text-anchor={anchorOf(i, labels.length)} class="watch-chart-axis">
              {label}
            </text>
          ) : null,
        )}
        {lines.flatMap((l) =>
          runsOf(l.values).map((run) => (
            <polyline
              class={`watch-chart-line ${l.cls}${l.faint ? ' watch-chart-faint' : ''}`}
              fill="none"
              points={run.map((p) => `${x(p.i).toFixed(1)},${y(p.v).toFixed(1)}`).join(' ')}
            />
          )),
        )}
        {dots
          ? lines
              .filter((l) => !l.faint)
              .flatMap((l) =>
                runsOf(l.values)
                  .flat()
                  .map((p) => (
                    <circle cx={x(p.i).toFixed(1)} cy={y(p.v).toFixed(1)} r="3" class={`watch-chart-dot ${l.cls}`} />
                  )),
              )
          : null}
      </svg>
      <figcaption class="watch-chart-legend">
        {lines.map((l) => (
          <span class={`watch-chart-key ${l.cls}${l.faint ? ' watch-chart-faint' : ''}`}>
            {l.label} ({l.total ?? l.values.reduce<number>((a, b) => a + (b ?? 0), 0)})
          </span>
        ))}
      </figcaption>
    </figure>
  );
};
