/**
 * The brand's "Places" back-office: its places, the place form (every field), a place's specials
 * (the seven kinds; the form shows the numbers a kind needs, by CSS alone), the place's dashboard
 * and the staff's redeem page (type the code, or scan it where the browser can).
 */
import type { FC } from 'hono/jsx';
import { LineChart } from '../../listening';
import { Avatar, CsrfField, ErrorSummary, Flash, FormField, fullDateText, SelectField } from '../../../web/components';
import type { T } from '../../../web/i18n';
import type { Category, PlaceFormValues } from './nearby';
import { type Person, type PlaceView, type SpecialData, specialRule } from './place';

type Brand = { username: string; name: string };
const base = (b: Brand) => `/brands/${b.username}/places`;

export type BrandPlaceRow = {
  id: string;
  name: string;
  address: string;
  city: string | null;
  categoryLabel: string;
  status: string;
  checkinsCount: number;
  mayorName: string | null;
};

export const BrandPlacesPage: FC<{ v: PlaceView; brand: Brand; places: BrandPlaceRow[]; canEdit: boolean; notice?: string | null }> = ({
  v,
  brand,
  places,
  canEdit,
  notice,
}) => (
  <section class="places-bo">
    <header class="places-bo-head">
      <h1>{v.t('places.bo.title')}</h1>
      <p class="actions">
        {canEdit ? (
          <a class="button primary" href={`${base(brand)}/new`}>
            {v.t('places.bo.new')}
          </a>
        ) : null}
        <a class="button secondary" href={`${base(brand)}/redeem`}>
          {v.t('places.redeem.title')}
        </a>
      </p>
    </header>
    {notice ? (
      <Flash kind="success">
        <p>{notice}</p>
      </Flash>
    ) : null}
    {places.length === 0 ? <p class="muted">{v.t('places.bo.none')}</p> : null}
    {places.length > 0 ? (
      <table class="table places-bo-table">
        <caption class="visually-hidden">{v.t('places.bo.title')}</caption>
        <thead>
          <tr>
            <th scope="col">{v.t('places.form.name')}</th>
            <th scope="col">{v.t('places.form.address')}</th>
            <th scope="col">{v.t('places.checkins')}</th>
            <th scope="col">{v.t('places.mayor')}</th>
            <th scope="col">{v.t('places.bo.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {places.map((p) => (
            <tr>
              <th scope="row">
                <a href={`/places/${p.id}`}>{p.name}</a>
                <span class="muted small">
                  {' '}
                  · {p.categoryLabel}
                  {p.status !== 'active' ? ` · ${v.t(`places.status.${p.status}` as Parameters<T>[0])}` : ''}
                </span>
              </th>
              <td>
                {p.address}
                {p.city ? `, ${p.city}` : ''}
              </td>
              <td>{String(p.checkinsCount)}</td>
              <td>{p.mayorName ?? '–'}</td>
              <td class="places-bo-actions">
                {canEdit ? (
                  <a href={`${base(brand)}/${p.id}/edit`} aria-label={v.t('places.bo.edit_named', { name: p.name })}>
                    {v.t('places.bo.edit')}
                  </a>
                ) : null}
                <a href={`${base(brand)}/${p.id}/specials`} aria-label={v.t('places.bo.specials_named', { name: p.name })}>
                  {v.t('places.bo.specials')}
                </a>
                <a href={`${base(brand)}/${p.id}/dashboard`} aria-label={v.t('places.bo.dashboard_named', { name: p.name })}>
                  {v.t('places.bo.dashboard')}
                </a>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    ) : null}
  </section>
);

const DAYS = ['1', '2', '3', '4', '5', '6', '7'] as const;

export const PlaceFormPage: FC<{
  v: PlaceView;
  brand: Brand;
  placeId: string | null;
  categories: Category[];
  values: PlaceFormValues;
  errors: Record<string, string | undefined>;
}> = ({ v, brand, placeId, categories, values, errors }) => {
  const action = placeId ? `${base(brand)}/${placeId}/edit` : `${base(brand)}/new`;
  return (
    <section class="places-bo narrow-wide">
      <h1>{placeId ? v.t('places.bo.edit_title', { name: values.name ?? '' }) : v.t('places.bo.new')}</h1>
      <ErrorSummary title={v.t('places.form.errors')} errors={errors} />
      <form method="post" action={action} class="stack places-form" enctype="multipart/form-data">
        <CsrfField token={v.csrf} />
        <FormField name="name" label={v.t('places.form.name')} value={values.name} required maxlength={120} error={errors.name} />
        <FormField
          name="address"
          label={v.t('places.form.address')}
          value={values.address}
          required
          maxlength={300}
          error={errors.address}
        />
        <div class="places-form-pair">
          <FormField name="postcode" label={v.t('places.form.postcode')} value={values.postcode} maxlength={12} error={errors.postcode} />
          <FormField name="city" label={v.t('places.form.city')} value={values.city} maxlength={120} error={errors.city} />
        </div>
        <div class="places-form-pair">
          <FormField name="lat" label={v.t('places.form.lat')} value={values.lat} required inputmode="decimal" error={errors.lat} />
          <FormField name="lon" label={v.t('places.form.lon')} value={values.lon} required inputmode="decimal" error={errors.lon} />
        </div>
        <div class="places-form-pair">
          <FormField
            name="radius_m"
            type="number"
            label={v.t('places.form.radius')}
            hint={v.t('places.form.radius_hint')}
            value={values.radius_m ?? '150'}
            error={errors.radius_m}
          />
          <SelectField
            name="category"
            label={v.t('places.form.category')}
            value={values.category ?? 'shop'}
            options={categories.map((c) => ({ value: c.code, label: c.label }))}
            error={errors.category}
          />
        </div>
        <fieldset class="places-form-hours">
          <legend>{v.t('places.hours.title')}</legend>
          <p class="field-hint">{v.t('places.form.hours_hint')}</p>
          {DAYS.map((d) => (
            <FormField
              name={`hours_${d}`}
              label={v.t(`places.day.${d}` as Parameters<T>[0])}
              value={values[`hours_${d}`]}
              maxlength={60}
              placeholder="09:00-12:30, 14:00-19:00"
              error={errors[`hours_${d}`]}
            />
          ))}
        </fieldset>
        <fieldset>
          <legend>{v.t('places.form.popup')}</legend>
          <p class="field-hint">{v.t('places.form.popup_hint')}</p>
          <div class="places-form-pair">
            <FormField name="starts_at" type="date" label={v.t('places.form.starts_at')} value={values.starts_at} error={errors.starts_at} />
            <FormField name="ends_at" type="date" label={v.t('places.form.ends_at')} value={values.ends_at} error={errors.ends_at} />
          </div>
        </fieldset>
        <FormField name="photo" type="file" accept="image/jpeg,image/png,image/webp" label={v.t('places.form.photo')} error={errors.photo} />
        <FormField name="photo_alt" label={v.t('places.form.photo_alt')} value={values.photo_alt} maxlength={500} error={errors.photo_alt} />
        <p class="actions">
          <button type="submit" class="button primary">
            {v.t('places.form.save')}
          </button>
          <a class="button ghost" href={base(brand)}>
            {v.t('places.form.cancel')}
          </a>
        </p>
      </form>
    </section>
  );
};

export const specialKinds = ['newbie', 'check_in', 'loyalty', 'flash', 'swarm', 'friends', 'mayor'] as const;

export type SpecialRow = SpecialData & { active: boolean; unlocked: number; redeemed: number };

export const SpecialsPage: FC<{
  v: PlaceView;
  brand: Brand;
  place: { id: string; name: string };
  specials: SpecialRow[];
  values: PlaceFormValues;
  errors: Record<string, string | undefined>;
  notice?: string | null;
}> = ({ v, brand, place, specials, values, errors, notice }) => (
  <section class="places-bo narrow-wide">
    <p class="muted small">
      <a href={base(brand)}>{v.t('places.bo.title')}</a> · <a href={`/places/${place.id}`}>{place.name}</a>
    </p>
    <h1>{v.t('places.bo.specials_title', { name: place.name })}</h1>
    {notice ? (
      <Flash kind="success">
        <p>{notice}</p>
      </Flash>
    ) : null}
    {specials.length === 0 ? <p class="muted">{v.t('places.specials.none')}</p> : null}
    <ul class="places-specials">
      {specials.map((s) => (
        <li class={`places-special places-special-${s.kind}${s.active ? '' : ' is-off'}`}>
          <p class="places-special-kind">{v.t(`places.special.kind.${s.kind}` as Parameters<T>[0])}</p>
          <h2>{s.title}</h2>
          <p class="muted small">{specialRule(v.t, s)}</p>
          <p class="small">{v.t('places.bo.special_counts', { unlocked: s.unlocked, redeemed: s.redeemed })}</p>
        </li>
      ))}
    </ul>
    <h2>{v.t('places.bo.special_new')}</h2>
    <ErrorSummary title={v.t('places.form.errors')} errors={errors} />
    <form method="post" action={`${base(brand)}/${place.id}/specials`} class="stack places-special-form">
      <CsrfField token={v.csrf} />
      <SelectField
        name="kind"
        label={v.t('places.special.kind')}
        value={values.kind ?? 'check_in'}
        options={specialKinds.map((k) => ({ value: k, label: v.t(`places.special.kind.${k}` as Parameters<T>[0]) }))}
        hint={v.t('places.special.kind_hint')}
        error={errors.kind}
      />
      <FormField name="title" label={v.t('places.special.title')} value={values.title} required maxlength={120} error={errors.title} />
      <FormField
        name="description"
        type="textarea"
        rows={2}
        label={v.t('places.special.description')}
        value={values.description}
        maxlength={500}
        error={errors.description}
      />
      <FormField
        name="every_n"
        type="number"
        class="for-loyalty"
        label={v.t('places.special.every_n')}
        value={values.every_n}
        error={errors.every_n}
      />
      <FormField
        name="first_n"
        type="number"
        class="for-flash"
        label={v.t('places.special.first_n')}
        value={values.first_n}
        error={errors.first_n}
      />
      <FormField
        name="min_people"
        type="number"
        class="for-swarm for-friends"
        label={v.t('places.special.min_people')}
        value={values.min_people}
        error={errors.min_people}
      />
      <FormField
        name="window_minutes"
        type="number"
        class="for-swarm for-friends"
        label={v.t('places.special.window_minutes')}
        value={values.window_minutes}
        error={errors.window_minutes}
      />
      <div class="places-form-pair">
        <FormField
          name="starts_at"
          type="datetime-local"
          label={v.t('places.special.starts_at')}
          value={values.starts_at}
          error={errors.starts_at}
        />
        <FormField name="ends_at" type="datetime-local" label={v.t('places.special.ends_at')} value={values.ends_at} error={errors.ends_at} />
      </div>
      <p class="actions">
        <button type="submit" class="button primary">
          {v.t('places.special.create')}
        </button>
      </p>
    </form>
  </section>
);

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

export const DashboardPage: FC<{ v: PlaceView; brand: Brand; place: { id: string; name: string }; data: DashboardData }> = ({
  v,
  brand,
  place,
  data,
}) => (
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
        <caption>{v.t('places.specials.title')}</caption>
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

export type RedeemOutcome =
  | { result: 'accepted'; title: string; placeName: string }
  | { result: 'already_redeemed'; title: string; at: Date | null }
  | { result: 'unknown' };

export const RedeemPage: FC<{ v: PlaceView; brand: Brand; code: string; outcome: RedeemOutcome | null }> = ({
  v,
  brand,
  code,
  outcome,
}) => (
  <section class="places-bo narrow places-redeem">
    <h1>{v.t('places.redeem.title')}</h1>
    {outcome ? (
      <div class={`places-redeem-result is-${outcome.result}`} role="status" id="redeem-result">
        <p class="places-redeem-verdict">{v.t(`places.redeem.${outcome.result}`)}</p>
        {outcome.result === 'accepted' ? (
          <p>
            {outcome.title} · {outcome.placeName}
          </p>
        ) : null}
        {outcome.result === 'already_redeemed' ? (
          <p>
            {outcome.title}
            {outcome.at ? ` · ${v.t('places.codes.redeemed_on', { date: fullDateText(v.locale, outcome.at) })}` : ''}
          </p>
        ) : null}
      </div>
    ) : null}
    <form method="post" action={`${base(brand)}/redeem`} class="stack">
      <CsrfField token={v.csrf} />
      <div class="field">
        <label for="redeem-code">{v.t('places.redeem.code')}</label>
        <input
          id="redeem-code"
          name="code"
          class="places-redeem-input"
          required
          maxlength={40}
          autocomplete="off"
          autocapitalize="characters"
          spellcheck={false}
          value={outcome?.result === 'accepted' ? '' : code}
          autofocus
        />
      </div>
      <p class="actions">
        <button type="submit" class="button primary">
          {v.t('places.redeem.submit')}
        </button>
        <button type="button" class="button secondary" data-scan="" hidden>
          {v.t('places.redeem.scan')}
        </button>
      </p>
    </form>
  </section>
);
