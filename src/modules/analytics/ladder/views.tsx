/**
 * The ladder's charts, hand-written SVG (no JavaScript): the ladder now as steps (one bar per
 * rung, creators on top) and over time as stacked areas by week. Colours come from the
 * `ladder-rung-*` classes (app.css); every chart has a <title>, an aria-label and a table beside it.
 */
import type { FC } from 'hono/jsx';
import type { T } from '../../../web/i18n';
import { rungs, type Rung } from './rules';
import type { LadderCounts, LadderPoint } from './snapshot';

const W = 640;
const percent = (n: number, of: number) => (of > 0 ? `${Math.round((n / of) * 100)} %` : '0 %');

/** One step per rung, the widest rung setting the scale. */
export const LadderSteps: FC<{ t: T; counts: LadderCounts; title: string }> = ({ t, counts, title }) => {
  const row = 30;
  const labelW = 170;
  const noteW = 90;
  const max = Math.max(1, ...rungs.map((r) => counts.rungs[r]));
  const label = rungs.map((r) => `${t(`ladder.rung.${r}`)} ${counts.rungs[r]}`).join(', ');
  return (
    <figure class="ladder-chart">
      <svg viewBox={`0 0 ${W} ${rungs.length * row + 4}`} role="img" aria-label={`${title}: ${label}`}>
        <title>{title}</title>
        {rungs.map((r, i) => {
          const width = Math.max(2, (counts.rungs[r] / max) * (W - labelW - noteW));
          return (
            <g>
              <text x={labelW - 8} y={i * row + 20} text-anchor="end" class="ladder-chart-label">
                {t(`ladder.rung.${r}`)}
              </text>
              <rect x={labelW} y={i * row + 5} width={width} height={row - 10} rx="3" class={`ladder-rung-${r}`} />
              <text x={labelW + width + 6} y={i * row + 20} class="ladder-chart-axis">
                {`${counts.rungs[r]} · ${percent(counts.rungs[r], counts.audience)}`}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
};

/** The figures of the ladder now, with each rung's rule: the chart's text alternative. */
export const LadderTable: FC<{ t: T; counts: LadderCounts; href: (r: Rung) => string }> = ({ t, counts, href }) => (
  <table class="ladder-table">
    <caption>{t('ladder.table')}</caption>
    <thead>
      <tr>
        <th scope="col">{t('ladder.rung')}</th>
        <th scope="col">{t('ladder.people')}</th>
        <th scope="col">{t('ladder.share')}</th>
      </tr>
    </thead>
    <tbody>
      {rungs.map((r) => (
        <tr data-rung={r}>
          <th scope="row">
            <a href={href(r)}>{t(`ladder.rung.${r}`)}</a>
            <span class="muted"> — {t(`ladder.rule.${r}`)}</span>
          </th>
          <td>{counts.rungs[r]}</td>
          <td>{percent(counts.rungs[r], counts.audience)}</td>
        </tr>
      ))}
    </tbody>
  </table>
);

/** Stacked areas, inactives at the bottom and creators on top, one point per week. */
export const LadderAreas: FC<{ t: T; points: LadderPoint[]; title: string }> = ({ t, points, title }) => {
  const H = 220;
  const pad = { left: 44, right: 12, top: 10, bottom: 26 };
  const max = Math.max(1, ...points.map((p) => p.audience));
  const n = Math.max(points.length, 2);
  const x = (i: number) => pad.left + (i * (W - pad.left - pad.right)) / (n - 1);
  const y = (v: number) => H - pad.bottom - (v / max) * (H - pad.top - pad.bottom);
  // Bottom-up: each rung's band lies between the sum of the rungs below it and that sum plus itself.
  const order = [...rungs].reverse();
  const below = points.map(() => 0);
  const bands = order.map((r) => {
    const lower = [...below];
    points.forEach((p, i) => {
      below[i] = (below[i] ?? 0) + p.rungs[r];
    });
    const top = points.map((_, i) => `${x(i).toFixed(1)},${y(below[i] ?? 0).toFixed(1)}`);
    const bottom = points.map((_, i) => `${x(i).toFixed(1)},${y(lower[i] ?? 0).toFixed(1)}`).reverse();
    return { rung: r, points: [...top, ...bottom].join(' ') };
  });
  const last = points.at(-1);
  const label = last ? rungs.map((r) => `${t(`ladder.rung.${r}`)} ${last.rungs[r]}`).join(', ') : '';
  return (
    <figure class="ladder-chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`${title}: ${label}`}>
        <title>{title}</title>
        <line x1={pad.left} x2={W - pad.right} y1={y(0)} y2={y(0)} class="ladder-chart-grid" />
        <text x={pad.left - 6} y={y(max) + 4} text-anchor="end" class="ladder-chart-axis">
          {String(max)}
        </text>
        <text x={pad.left - 6} y={y(0) + 4} text-anchor="end" class="ladder-chart-axis">
          0
        </text>
        {points.length > 0 ? (
          <>
            <text x={x(0)} y={H - 6} class="ladder-chart-axis">
              {points[0]?.day}
            </text>
            <text x={x(points.length - 1)} y={H - 6} text-anchor="end" class="ladder-chart-axis">
              {last?.day}
            </text>
          </>
        ) : null}
        {bands.map((b) => (
          <polygon points={b.points} class={`ladder-rung-${b.rung}`} />
        ))}
      </svg>
      <figcaption class="ladder-legend">
        {rungs.map((r) => (
          <span class="ladder-key">
            <span class={`ladder-swatch ladder-rung-${r}`} aria-hidden="true" /> {t(`ladder.rung.${r}`)}
          </span>
        ))}
      </figcaption>
    </figure>
  );
};

/** The weekly figures: the areas' text alternative. */
export const SeriesTable: FC<{ t: T; points: LadderPoint[] }> = ({ t, points }) => (
  <details class="ladder-series-table">
    <summary>{t('ladder.table')}</summary>
    <table class="ladder-table">
      <thead>
        <tr>
          <th scope="col">{t('ladder.week_of')}</th>
          {rungs.map((r) => (
            <th scope="col">{t(`ladder.rung.${r}`)}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {points.map((p) => (
          <tr>
            <th scope="row">{p.day}</th>
            {rungs.map((r) => (
              <td>{p.rungs[r]}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  </details>
);
