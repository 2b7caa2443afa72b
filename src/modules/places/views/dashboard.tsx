/** A place's dashboard for its brand: counted check-ins per day, visitors, specials, tips, the mayor. */
import type { FC } from 'hono/jsx';
import { Avatar } from '../../../web/components';
import type { T } from '../../../web/i18n';
import { LineChart } from '../../listening';
import type { Person, PlaceView } from './place';

type Brand = { username: string; name: string };
const base = (b: Brand) => `/brands/${b.username}/places`;

export type DashboardData = {
  days: { day: string; counted: number }[];
  newVisitors: number;
  returningVisitors: number;
  unlocked: number;
  redeemed: number;
  tipsPublished: number;
  tipsPending: number;
  mayor: Person | null;
  specials: { title: string; kind: string; unlocked: number; redeemed: number }[];
};

export const DashboardPage: FC<{
  v: PlaceView;
  brand: Brand;
  place: { id: string; name: string };
  data: DashboardData;
}> = ({ v, brand, place, data }) => (
  <section class="places-bo">
    <p class="muted small">
      <a href={base(brand)}>{v.t('places.bo.title')}</a> · <a href={`/places/${place.id}`}>{place.name}</a>
    </p>
    <header class="places-bo-head">
      <h1>{v.t('places.dash.title', { name: place.name })}</h1>
      <a class="button secondary small" href={`${base(brand)}/${place.id}/dashboard.csv`} download="">
        {v.t('places.dash.csv')}
      </a>
    </header>
    <dl class="places-dash-figures">
      <div>
        <dt>{v.t('places.dash.new')}</dt>
        <dd>{String(data.newVisitors)}</dd>
      </div>
      <div>
        <dt>{v.t('places.dash.returning')}</dt>
        <dd>{String(data.returningVisitors)}</dd>
      </div>
      <div>
        <dt>{v.t('places.dash.unlocked')}</dt>
        <dd>{String(data.unlocked)}</dd>
      </div>
      <div>
        <dt>{v.t('places.dash.redeemed')}</dt>
        <dd>{String(data.redeemed)}</dd>
      </div>
      <div>
        <dt>{v.t('places.dash.tips')}</dt>
        <dd>
          {String(data.tipsPublished)}
          {data.tipsPending > 0 ? (
            <span class="muted small"> {v.t('places.dash.tips_pending', { count: data.tipsPending })}</span>
          ) : null}
        </dd>
      </div>
      <div>
        <dt>{v.t('places.mayor')}</dt>
        <dd>
          {data.mayor ? (
            <span class="places-mayor">
              <Avatar account={data.mayor} size="xs" />
              {data.mayor.displayName || data.mayor.username}
            </span>
          ) : (
            v.t('places.mayor.none')
          )}
        </dd>
      </div>
    </dl>
    <LineChart
      title={v.t('places.dash.chart')}
      labels={data.days.map((d) => d.day.slice(5))}
      lines={[{ label: v.t('places.dash.counted'), cls: 'watch-chart-total', values: data.days.map((d) => d.counted) }]}
    />
    {data.specials.length > 0 ? (
      <table class="table places-bo-table">
        <caption>{v.t('places.bo.specials')}</caption>
        <thead>
          <tr>
            <th scope="col">{v.t('places.special.title')}</th>
            <th scope="col">{v.t('places.dash.unlocked')}</th>
            <th scope="col">{v.t('places.dash.redeemed')}</th>
          </tr>
        </thead>
        <tbody>
          {data.specials.map((s) => (
            <tr>
              <th scope="row">
                {s.title} <span class="muted small">· {v.t(`places.special.kind.${s.kind}` as Parameters<T>[0])}</span>
              </th>
              <td>{String(s.unlocked)}</td>
              <td>{String(s.redeemed)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    ) : null}
  </section>
);
