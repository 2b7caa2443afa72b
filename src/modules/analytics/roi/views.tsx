/**
 * The Return on Involvement page: tabs to the other analytics pages, the period and interval
 * form, the CSV link, then five panels, each a big number with its change, a line chart (the
 * previous period faint underneath) and the figures as a table in a <details> for screen readers
 * and for people who prefer numbers.
 */
import type { FC } from 'hono/jsx';
import { LineChart, type Line } from '../../../web/charts';
import { formatNumber, type Locale, type T } from '../../../web/i18n';
import { formatMoney } from '../../commerce';
import { changeOf, panels, type Figure, type Panel } from './panels';
import { PERIOD_CHOICES, type RoiBucket, type RoiSeries } from './series';

type View = { t: T; locale: Locale; series: RoiSeries };

const dayLabel = (locale: Locale, day: string, month = false) =>
  new Intl.DateTimeFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', {
    timeZone: 'UTC',
    ...(month ? { month: 'short', year: 'numeric' } : { day: 'numeric', month: 'short' }),
  }).format(new Date(`${day}T00:00:00Z`));

export const bucketLabel = (v: View, b: { from: string }) => dayLabel(v.locale, b.from, v.series.interval === 'month');

/** A figure as people read it: 1 234, 12,50 €, +0,42 (sentiment), 4,3 (stars); — without data. */
export function formatFigure(v: View, f: Figure, value: number | null): string {
  if (value === null) return '—';
  if (f.kind === 'money') return formatMoney(value, v.series.currency, v.locale);
  if (f.kind === 'average') {
    const text = new Intl.NumberFormat(v.locale === 'fr' ? 'fr-FR' : 'en-GB', { maximumFractionDigits: 2 }).format(
      value,
    );
    return f.key === 'sentiment' && value > 0 ? `+${text}` : text;
  }
  return formatNumber(v.locale, value);
}

const Change: FC<{ v: View; f: Figure }> = ({ v, f }) => {
  const change = changeOf(f, f.of(v.series.totals), f.of(v.series.previous));
  if (change === null) return <span class="roi-change">{v.t('roi.no_change')}</span>;
  const sign = change > 0 ? '+' : change < 0 ? '−' : '±';
  const n = new Intl.NumberFormat(v.locale === 'fr' ? 'fr-FR' : 'en-GB', { maximumFractionDigits: 2 }).format(
    Math.abs(change),
  );
  const text = f.kind === 'average' ? `${sign}${n}` : `${sign}${n} %`;
  return (
    <span class={`roi-change ${change > 0 ? 'roi-up' : change < 0 ? 'roi-down' : ''}`}>
      {text} <span class="muted">{v.t('roi.vs_previous')}</span>
    </span>
  );
};

const Big: FC<{ v: View; f: Figure; main?: boolean }> = ({ v, f, main }) => (
  <div class={main ? 'roi-big roi-main' : 'roi-big'} data-figure={f.key}>
    <span class="roi-big-label">{v.t(f.label)}</span>
    <strong class="roi-big-value">{formatFigure(v, f, f.of(v.series.totals))}</strong>
    <Change v={v} f={f} />
  </div>
);

/** The y axis: whole euros (or the brand's currency) for money, the score for sentiment. */
const axisFormat = (v: View, f: Figure) => {
  const locale = v.locale === 'fr' ? 'fr-FR' : 'en-GB';
  if (f.kind === 'money') {
    const money = new Intl.NumberFormat(locale, {
      style: 'currency',
      currency: v.series.currency,
      notation: 'compact',
      maximumFractionDigits: 1,
    });
    return (n: number) => money.format(n / 100);
  }
  return f.kind === 'average' ? (n: number) => new Intl.NumberFormat(locale).format(n) : undefined;
};

function chartOf(v: View, p: Panel) {
  const { buckets, previous_buckets: before } = v.series;
  // An average without data (no rating that week) is a gap in the line, not a zero.
  const values = (f: Figure, list: RoiBucket[]) => list.map((b) => f.of(b));
  const lines: Line[] = [
    {
      label: v.t(p.main.label),
      cls: 'roi-line-main',
      values: values(p.main, buckets),
      total: formatFigure(v, p.main, p.main.of(v.series.totals)),
    },
    {
      label: v.t('roi.previous'),
      cls: 'roi-line-main',
      faint: true,
      values: values(p.main, before),
      total: formatFigure(v, p.main, p.main.of(v.series.previous)),
    },
    ...p.parts.map((f, i) => ({
      label: v.t(f.label),
      cls: `roi-line-${i + 1}`,
      values: values(f, buckets),
      total: formatFigure(v, f, f.of(v.series.totals)),
    })),
  ];
  const figures = [p.main, ...p.parts].map((f) => `${v.t(f.label)} ${formatFigure(v, f, f.of(v.series.totals))}`);
  const title = v.t('roi.chart', {
    panel: v.t(`roi.panel.${p.key}`),
    interval: v.t(`roi.unit.${v.series.interval}`),
    from: dayLabel(v.locale, v.series.from),
    to: dayLabel(v.locale, v.series.to),
    figures: figures.join(', '),
  });
  return { lines, title };
}

const FiguresTable: FC<{ v: View; p: Panel }> = ({ v, p }) => {
  const cols = [p.main, ...p.parts, ...p.more];
  return (
    <details class="roi-figures">
      <summary>{v.t('roi.figures')}</summary>
      <div class="table-scroll">
        <table class="roi-table">
          <thead>
            <tr>
              <th scope="col">{v.t('roi.bucket')}</th>
              <th scope="col">{v.t(p.main.label)}</th>
              <th scope="col">{v.t('roi.previous')}</th>
              {[...p.parts, ...p.more].map((f) => (
                <th scope="col">{v.t(f.label)}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {v.series.buckets.map((b, i) => (
              <tr>
                <th scope="row">{bucketLabel(v, b)}</th>
                <td>{formatFigure(v, p.main, p.main.of(b))}</td>
                <td>{formatFigure(v, p.main, p.main.of(v.series.previous_buckets[i]!))}</td>
                {cols.slice(1).map((f) => (
                  <td>{formatFigure(v, f, f.of(b))}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
};

const PanelView: FC<{ v: View; p: Panel }> = ({ v, p }) => {
  const chart = chartOf(v, p);
  return (
    <section class="card roi-panel" data-panel={p.key} aria-labelledby={`roi-${p.key}`}>
      <h2 id={`roi-${p.key}`}>{v.t(`roi.panel.${p.key}`)}</h2>
      <p class="muted">{v.t(`roi.panel.${p.key}_text`)}</p>
      <div class="roi-bigs">
        <Big v={v} f={p.main} main />
        {[...p.parts.slice(0, p.key === 'involvement' ? 1 : 0), ...p.more.slice(0, 1)].map((f) => (
          <Big v={v} f={f} />
        ))}
      </div>
      <LineChart
        title={chart.title}
        labels={v.series.buckets.map((b) => bucketLabel(v, b))}
        lines={chart.lines}
        format={axisFormat(v, p.main)}
        range={p.main.key === 'sentiment' ? [-1, 1] : undefined}
        dots
      />
      <FiguresTable v={v} p={p} />
    </section>
  );
};

export const RoiPage: FC<View & { brand: { username: string; displayName: string } }> = (props) => {
  const { t, series, brand } = props;
  const base = `/brands/${brand.username}`;
  const query = `period=${series.period}&interval=${series.interval}`;
  const periods: string[] = PERIOD_CHOICES.map((d) => `${d}d`);
  if (!periods.includes(series.period)) periods.push(series.period);
  return (
    <div class="stack roi-page">
      <header class="page-header">
        <h1>{t('roi.title', { name: brand.displayName || brand.username })}</h1>
        <nav class="tabs" aria-label={t('roi.tabs')}>
          <a href={`${base}/analytics`} aria-current="page">
            {t('roi.tab.roi')}
          </a>
          <a href={`${base}/analytics/ladder`}>{t('roi.tab.ladder')}</a>
          <a href={`${base}/analytics/funnels`}>{t('roi.tab.funnels')}</a>
        </nav>
        <p class="lead">{t('roi.lead')}</p>
      </header>
      <form method="get" action={`${base}/analytics`} class="roi-controls">
        <label>
          {t('roi.period')}
          <select name="period">
            {periods.map((p) => (
              <option value={p} selected={p === series.period}>
                {t('roi.period_days', { days: Number.parseInt(p, 10) })}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('roi.interval')}
          <select name="interval">
            {(series.interval === 'day' ? (['week', 'month', 'day'] as const) : (['week', 'month'] as const)).map(
              (i) => (
                <option value={i} selected={i === series.interval}>
                  {t(`roi.interval.${i}`)}
                </option>
              ),
            )}
          </select>
        </label>
        <button type="submit" class="button secondary small">
          {t('roi.show')}
        </button>
        <a class="button secondary small" href={`${base}/analytics.csv?${query}`} download="">
          {t('roi.csv')}
        </a>
      </form>
      <p class="muted roi-range">
        {t('roi.range', {
          from: dayLabel(props.locale, series.from),
          to: dayLabel(props.locale, series.to),
          prevFrom: dayLabel(props.locale, series.previous_from),
          prevTo: dayLabel(props.locale, series.previous_to),
        })}
      </p>
      <div class="roi-panels">
        {panels.map((p) => (
          <PanelView v={props} p={p} />
        ))}
      </div>
    </div>
  );
};
