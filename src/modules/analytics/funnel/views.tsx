/**
 * The funnel pages' markup: the brand's list of funnels (a sortable table), one funnel as
 * horizontal SVG bars with the conversion between steps, and its days as a small SVG line chart
 * with the same figures in a table (the chart's text alternative). Colours come from app.css
 * (funnel-*); text is escaped by hono/jsx.
 */
import type { FC } from 'hono/jsx';
import type { T } from '../../../web/i18n';
import type { Locale } from '../../../web/i18n';
import { formatMoney } from '../../commerce';
import type { FunnelListRow, ListSort } from './access';
import { chain, type Funnel } from './read';

export type FunnelView = { t: T; locale: Locale };

const pct = (locale: Locale, rate: number | null) =>
  rate === null ? '–' : new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(rate);
const num = (locale: Locale, n: number) => new Intl.NumberFormat(locale).format(n);

export const RangeForm: FC<{ v: FunnelView; action: string; from: string; to: string; sort?: string }> = ({
  v,
  action,
  from,
  to,
  sort,
}) => (
  <form method="get" action={action} class="funnel-range">
    {sort ? <input type="hidden" name="sort" value={sort} /> : null}
    <label>
      {v.t('funnel.from')} <input type="date" name="from" value={from} required />
    </label>{' '}
    <label>
      {v.t('funnel.to')} <input type="date" name="to" value={to} required />
    </label>{' '}
    <button type="submit" class="button secondary small">
      {v.t('funnel.apply')}
    </button>
  </form>
);

export const FunnelList: FC<{
  v: FunnelView;
  base: string;
  rows: FunnelListRow[];
  currency: string;
  sort: ListSort;
  from: string;
  to: string;
}> = ({ v, base, rows, currency, sort, from, to }) => {
  const sortable = (column: ListSort, label: string) => (
    <th scope="col" aria-sort={sort === column ? 'descending' : undefined}>
      {sort === column ? (
        label
      ) : (
        <a href={`${base}?sort=${column}&from=${from}&to=${to}`} title={v.t('funnel.sort_by', { column: label })}>
          {label}
        </a>
      )}
    </th>
  );
  if (rows.length === 0) return <p class="muted">{v.t('funnel.empty')}</p>;
  return (
    <div class="funnel-scroll">
      <table class="funnel-table">
        <thead>
          <tr>
            <th scope="col">{v.t('funnel.col.kind')}</th>
            <th scope="col">{v.t('funnel.col.subject')}</th>
            {sortable('reached', v.t('funnel.step.reached'))}
            <th scope="col">{v.t('funnel.step.card_opens')}</th>
            <th scope="col">{v.t('funnel.step.buy_clicks')}</th>
            {sortable('checkouts', v.t('funnel.step.checkouts'))}
            {sortable('orders', v.t('funnel.step.orders'))}
            {sortable('revenue', v.t('funnel.step.revenue'))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr data-funnel={`${r.kind}:${r.id}`}>
              <td>{v.t(`funnel.kind.${r.kind}`)}</td>
              <td class="funnel-subject">
                <a href={`${base}/${r.kind}/${r.id}?from=${from}&to=${to}`}>{r.title || v.t('funnel.untitled')}</a>
              </td>
              <td class="num">{num(v.locale, r.reached)}</td>
              <td class="num">{num(v.locale, r.card_opens)}</td>
              <td class="num">{num(v.locale, r.buy_clicks)}</td>
              <td class="num">{num(v.locale, r.checkouts)}</td>
              <td class="num">{num(v.locale, r.orders)}</td>
              <td class="num">{formatMoney(r.revenue, currency, v.locale)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
};

const BW = 640;
const ROW = 34;
const LABEL = 150;

/** The buying chain as horizontal bars, each with its count and its conversion from the bar above. */
export const FunnelBars: FC<{ v: FunnelView; f: Funnel }> = ({ v, f }) => {
  const max = Math.max(1, ...chain.map((s) => f[s]));
  const figures = chain.map((s) => `${v.t(`funnel.step.${s}`)} ${f[s]}`).join(', ');
  const h = chain.length * ROW + 8;
  return (
    <figure class="funnel-bars">
      <svg viewBox={`0 0 ${BW} ${h}`} role="img" aria-label={v.t('funnel.bars_label', { figures })}>
        <title>{v.t('funnel.bars_title')}</title>
        {chain.map((step, i) => {
          const width = Math.max(2, ((BW - LABEL - 170) * f[step]) / max);
          const rate = i === 0 ? null : f.conversion[`${chain[i - 1]}_to_${step}`];
          const y = 4 + i * ROW;
          return (
            <g class={`funnel-bar funnel-bar-${step}`}>
              <text x={LABEL - 8} y={y + 19} text-anchor="end" class="funnel-axis">
                {v.t(`funnel.step.${step}`)}
              </text>
              <rect x={LABEL} y={y + 4} width={width.toFixed(1)} height={ROW - 10} rx="3" class="funnel-rect" />
              <text x={LABEL + width + 6} y={y + 19} class="funnel-value">
                {num(v.locale, f[step])}
                {i > 0 ? ` · ${v.t('funnel.conversion', { rate: pct(v.locale, rate ?? null) })}` : ''}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
};

const CW = 640;
const CH = 180;
const PAD = { left: 40, right: 10, top: 10, bottom: 24 };
const lines = [
  { key: 'reached', cls: 'funnel-line-reached' },
  { key: 'card_opens', cls: 'funnel-line-opens' },
  { key: 'orders', cls: 'funnel-line-orders' },
] as const;

/** Every calendar day of the range, those without activity as zeros (date strings: no hours added). */
function everyDay(f: Funnel): Funnel['by_day'] {
  const known = new Map(f.by_day.map((d) => [d.day, d]));
  const out: Funnel['by_day'] = [];
  const first = Date.parse(`${f.from}T00:00:00Z`);
  const last = Date.parse(`${f.to}T00:00:00Z`);
  for (let ms = first; ms <= last && out.length < 1200; ms += 86_400_000) {
    const day = new Date(ms).toISOString().slice(0, 10);
    out.push(known.get(day) ?? { ...zero, day });
  }
  return out;
}
const zero = { reached: 0, likes: 0, reposts: 0, card_opens: 0, buy_clicks: 0, checkouts: 0, orders: 0, revenue: 0 };

/** Every day of the range (days without activity are zeros) as a line chart; the active days as a table. */
export const FunnelDays: FC<{ v: FunnelView; f: Funnel; currency: string }> = ({ v, f, currency }) => {
  if (f.by_day.length === 0) return <p class="muted">{v.t('funnel.no_days')}</p>;
  const days = everyDay(f);
  const max = Math.max(4, ...days.flatMap((d) => lines.map((l) => d[l.key])));
  const n = Math.max(days.length, 2);
  const x = (i: number) => PAD.left + (i * (CW - PAD.left - PAD.right)) / (n - 1);
  const y = (value: number) => CH - PAD.bottom - (value / max) * (CH - PAD.top - PAD.bottom);
  return (
    <>
      <figure class="funnel-chart">
        <svg viewBox={`0 0 ${CW} ${CH}`} role="img" aria-label={v.t('funnel.by_day_label')}>
          <title>{v.t('funnel.by_day_label')}</title>
          <line x1={PAD.left} x2={CW - PAD.right} y1={y(0)} y2={y(0)} class="funnel-grid" />
          <line x1={PAD.left} x2={CW - PAD.right} y1={y(max)} y2={y(max)} class="funnel-grid" />
          <text x={PAD.left - 4} y={y(max) + 4} text-anchor="end" class="funnel-axis">
            {num(v.locale, max)}
          </text>
          <text x={PAD.left} y={CH - 6} class="funnel-axis">
            {days[0].day}
          </text>
          <text x={CW - PAD.right} y={CH - 6} text-anchor="end" class="funnel-axis">
            {days[days.length - 1].day}
          </text>
          {lines.map((l) => (
            <polyline
              class={`funnel-line ${l.cls}`}
              fill="none"
              points={days.map((d, i) => `${x(i).toFixed(1)},${y(d[l.key]).toFixed(1)}`).join(' ')}
            />
          ))}
        </svg>
        <figcaption class="funnel-legend">
          {lines.map((l) => (
            <span class={`funnel-key ${l.cls}`}>{v.t(`funnel.step.${l.key}`)}</span>
          ))}
        </figcaption>
      </figure>
      <details class="funnel-days funnel-scroll">
        <summary>{v.t('funnel.table_caption')}</summary>
        <table class="funnel-table">
          <caption class="visually-hidden">{v.t('funnel.table_caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{v.t('funnel.col.day')}</th>
              {(['reached', 'likes', 'reposts', 'card_opens', 'buy_clicks', 'checkouts', 'orders'] as const).map(
                (k) => (
                  <th scope="col">{v.t(`funnel.step.${k}`)}</th>
                ),
              )}
              <th scope="col">{v.t('funnel.step.revenue')}</th>
            </tr>
          </thead>
          <tbody>
            {f.by_day.map((d) => (
              <tr>
                <th scope="row">{d.day}</th>
                {(['reached', 'likes', 'reposts', 'card_opens', 'buy_clicks', 'checkouts', 'orders'] as const).map(
                  (k) => (
                    <td class="num">{num(v.locale, d[k])}</td>
                  ),
                )}
                <td class="num">{formatMoney(d.revenue, currency, v.locale)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </>
  );
};
