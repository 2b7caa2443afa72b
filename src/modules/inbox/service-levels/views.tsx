/** The service levels' pages: the customer's rating form, the targets form, the reports. */
import type { FC } from 'hono/jsx';
import { Flash } from '../../../web/components';
import { Button, CsrfField, FormField } from '../../../web/form-components';
import type { MessageKey, T } from '../../../web/i18n';
import { LineChart } from '../../listening';
import { clockOf } from './business-hours';
import { MAX_RATING_COMMENT, type RatingView } from './rating';
import { REPORT_PERIODS, type ReportRow, type ServiceReport } from './reports';
import type { ServiceTargets } from './targets';

export const RatePage: FC<{ t: T; csrf: string; brand: string; c: RatingView; error?: boolean }> = ({
  t,
  csrf,
  brand,
  c,
  error,
}) => (
  <div class="narrow stack sla-rate">
    <header class="page-header">
      <h1>{t('sla.rate.title')}</h1>
      <p class="lead">{t('sla.rate.lead', { brand })}</p>
      {c.subject ? <p class="muted">{t('sla.rate.subject', { subject: c.subject })}</p> : null}
    </header>
    {c.ratedAt ? (
      <Flash kind="success">{t('sla.rate.thanks', { rating: c.rating ?? 0 })}</Flash>
    ) : c.status !== 'resolved' ? (
      <Flash kind="info">{t('sla.rate.not_resolved')}</Flash>
    ) : (
      <form method="post" action={`/conversations/${c.id}/rate`} class="card stack">
        <CsrfField token={csrf} />
        {error ? <Flash kind="error">{t('sla.rate.error')}</Flash> : null}
        <fieldset class="sla-stars">
          <legend>{t('sla.rate.rating')}</legend>
          {[5, 4, 3, 2, 1].map((n) => (
            <label>
              <input type="radio" name="rating" value={String(n)} required /> {'★'.repeat(n)}{' '}
              <span>{t('sla.rate.star', { n })}</span>
            </label>
          ))}
        </fieldset>
        <FormField
          name="comment"
          type="textarea"
          label={t('sla.rate.comment')}
          maxlength={MAX_RATING_COMMENT}
          maxChars={MAX_RATING_COMMENT}
        />
        <Button>{t('sla.rate.submit')}</Button>
      </form>
    )}
  </div>
);

/** The form's values as typed (kept when the form comes back with an error). */
export type TargetsForm = {
  enabled: boolean;
  first: string;
  next: string;
  resolution: string;
  open: string[];
  close: string[];
  closedDays: string;
};

export const formOf = (s: ServiceTargets): TargetsForm => ({
  enabled: s.enabled,
  first: String(s.firstResponseMinutes),
  next: String(s.nextResponseMinutes),
  resolution: String(s.resolutionMinutes),
  // The form shows one interval per day: the first opening to the last closing.
  open: s.hours.week.map((d) => (d.length ? clockOf(d[0][0]) : '')),
  close: s.hours.week.map((d) => (d.length ? clockOf(d[d.length - 1][1]) : '')),
  closedDays: s.hours.closed.join('\n'),
});

export const TargetsPage: FC<{
  t: T;
  csrf: string;
  name: string;
  base: string;
  form: TargetsForm;
  custom: boolean;
  saved?: boolean;
  error?: { field: string; message: string };
}> = ({ t, csrf, name, base, form, custom, saved, error }) => (
  <div class="narrow-wide stack sla-settings">
    <header class="page-header">
      <h1>{t('sla.settings.title', { name })}</h1>
      <p class="lead">{t('sla.settings.lead')}</p>
      {custom ? null : <p class="muted">{t('sla.settings.defaults')}</p>}
      <p>
        <a href={`${base}/inbox/reports`}>{t('sla.settings.reports_link')}</a>
      </p>
    </header>
    {saved ? <Flash kind="success">{t('sla.settings.saved')}</Flash> : null}
    {error ? <Flash kind="error">{t('sla.settings.invalid', error)}</Flash> : null}
    <form method="post" action={`${base}/inbox/service-levels`} class="card stack">
      <CsrfField token={csrf} />
      <label class="checkbox">
        <input type="checkbox" name="enabled" value="on" checked={form.enabled || undefined} />{' '}
        {t('sla.settings.enabled')}
      </label>
      <FormField
        name="first_response_minutes"
        type="number"
        label={t('sla.settings.first_response')}
        value={form.first}
        required
      />
      <FormField
        name="next_response_minutes"
        type="number"
        label={t('sla.settings.next_response')}
        value={form.next}
        required
      />
      <FormField
        name="resolution_minutes"
        type="number"
        label={t('sla.settings.resolution')}
        value={form.resolution}
        required
      />
      <fieldset>
        <legend>{t('sla.settings.hours')}</legend>
        <p class="field-hint">{t('sla.settings.hours_hint')}</p>
        <table class="sla-hours">
          <thead>
            <tr>
              <th scope="col"></th>
              <th scope="col">{t('sla.settings.open')}</th>
              <th scope="col">{t('sla.settings.close')}</th>
            </tr>
          </thead>
          <tbody>
            {[0, 1, 2, 3, 4, 5, 6].map((d) => (
              <tr>
                <th scope="row">{t(`sla.day.${d}` as MessageKey)}</th>
                <td>
                  <input
                    type="time"
                    name={`open_${d}`}
                    value={form.open[d]}
                    aria-label={`${t(`sla.day.${d}` as MessageKey)} ${t('sla.settings.open')}`}
                  />
                </td>
                <td>
                  <input
                    type="time"
                    name={`close_${d}`}
                    value={form.close[d]}
                    aria-label={`${t(`sla.day.${d}` as MessageKey)} ${t('sla.settings.close')}`}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </fieldset>
      <FormField
        name="closed_days"
        type="textarea"
        rows={4}
        label={t('sla.settings.closed_days')}
        value={form.closedDays}
      />
      <Button>{t('sla.settings.save')}</Button>
    </form>
  </div>
);

const pct = (v: number | null) => (v === null ? '—' : String(Math.round(v * 1000) / 10));
const mins = (t: T, r: ReportRow, which: 'firstResponse' | 'resolution') => {
  const p50 = which === 'firstResponse' ? r.firstResponseP50 : r.resolutionP50;
  const p90 = which === 'firstResponse' ? r.firstResponseP90 : r.resolutionP90;
  return p50 === null ? t('sla.reports.none') : t('sla.reports.minutes', { p50, p90: p90 ?? '—' });
};

const RowsTable: FC<{ t: T; title: string; rows: ReportRow[]; label: (r: ReportRow) => string }> = ({
  t,
  title,
  rows,
  label,
}) =>
  rows.length === 0 ? null : (
    <section class="card stack">
      <h2>{title}</h2>
      <div class="table-scroll">
        <table class="sla-report-table">
          <thead>
            <tr>
              <th scope="col">{t('sla.reports.what')}</th>
              <th scope="col">{t('sla.reports.conversations')}</th>
              <th scope="col">{t('sla.reports.first_response')}</th>
              <th scope="col">{t('sla.reports.resolution')}</th>
              <th scope="col">{t('sla.reports.breaches')}</th>
              <th scope="col">{t('sla.reports.rating_col')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr data-key={`${r.section}:${r.key}`}>
                <th scope="row">{label(r)}</th>
                <td>{r.conversations}</td>
                <td>{mins(t, r, 'firstResponse')}</td>
                <td>{mins(t, r, 'resolution')}</td>
                <td>
                  {r.breaches} ({pct(r.breachRate)} %)
                </td>
                <td>{r.ratingAverage === null ? '—' : `${r.ratingAverage}/5 (${r.ratings})`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );

export const ReportsPage: FC<{ t: T; name: string; base: string; report: ServiceReport; manage: boolean }> = ({
  t,
  name,
  base,
  report,
  manage,
}) => {
  const total = report.total;
  const rated = report.distribution.reduce((a, b) => a + b, 0);
  return (
    <div class="wide stack sla-reports">
      <header class="page-header">
        <h1>{t('sla.reports.title', { name })}</h1>
        <p class="lead">{t('sla.reports.lead')}</p>
      </header>
      <form method="get" action={`${base}/inbox/reports`} class="cluster">
        <label for="sla-days">{t('sla.reports.period')}</label>
        <select id="sla-days" name="days">
          {REPORT_PERIODS.map((d) => (
            <option value={String(d)} selected={d === report.days || undefined}>
              {t('sla.reports.days', { days: d })}
            </option>
          ))}
        </select>
        <Button variant="secondary" small>
          {t('sla.reports.show')}
        </Button>
        <a href={`${base}/inbox/reports.csv?days=${report.days}`} download>
          {t('sla.reports.csv')}
        </a>
        {manage ? <a href={`${base}/inbox/service-levels`}>{t('sla.reports.settings_link')}</a> : null}
      </form>
      <dl class="sla-figures card">
        <div>
          <dt>{t('sla.reports.conversations')}</dt>
          <dd data-figure="conversations">{total.conversations}</dd>
        </div>
        <div>
          <dt>{t('sla.reports.first_response')}</dt>
          <dd data-figure="first_response">{mins(t, total, 'firstResponse')}</dd>
        </div>
        <div>
          <dt>{t('sla.reports.resolution')}</dt>
          <dd data-figure="resolution">{mins(t, total, 'resolution')}</dd>
        </div>
        <div>
          <dt>{t('sla.reports.breaches')}</dt>
          <dd data-figure="breaches">
            {total.breaches} · {t('sla.reports.breach_rate', { rate: pct(total.breachRate) })}
          </dd>
        </div>
        <div>
          <dt>{t('sla.reports.satisfaction')}</dt>
          <dd data-figure="satisfaction">
            {total.ratings === 0
              ? t('sla.reports.no_ratings')
              : `${t('sla.reports.average', { average: total.ratingAverage ?? 0, count: total.ratings })} · ${t(
                  'sla.reports.csat',
                  { rate: pct(total.csat) },
                )}`}
          </dd>
        </div>
      </dl>
      <section class="card stack">
        <LineChart
          title={t('sla.reports.chart')}
          labels={report.daily.map((d) => d.day.slice(5))}
          lines={[
            { label: t('sla.reports.opened'), cls: 'watch-chart-total', values: report.daily.map((d) => d.opened) },
            {
              label: t('sla.reports.breached'),
              cls: 'watch-chart-negative',
              values: report.daily.map((d) => d.breached),
            },
          ]}
        />
      </section>
      <section class="card stack">
        <h2>{t('sla.reports.distribution')}</h2>
        <ul class="sla-distribution">
          {[5, 4, 3, 2, 1].map((stars) => (
            <li>
              <span>
                {t('sla.reports.stars_count', { stars: '★'.repeat(stars), count: report.distribution[stars - 1] })}
              </span>{' '}
              <meter min="0" max={String(Math.max(rated, 1))} value={String(report.distribution[stars - 1])}></meter>
            </li>
          ))}
        </ul>
      </section>
      <RowsTable
        t={t}
        title={t('sla.reports.by_channel')}
        rows={report.byChannel}
        label={(r) => t(`sla.channel.${r.key}` as MessageKey)}
      />
      <RowsTable
        t={t}
        title={t('sla.reports.by_kind')}
        rows={report.byKind}
        label={(r) => t(`sla.kind.${r.key}` as MessageKey)}
      />
      <RowsTable
        t={t}
        title={t('sla.reports.by_agent')}
        rows={report.byAgent}
        label={(r) => (r.key ? `@${r.key}` : t('sla.reports.unassigned'))}
      />
    </div>
  );
};
