/**
 * The brand's "Places" back-office: its places and the place form (every field). A place's
 * specials and the redeem page are in offers.tsx, its dashboard in dashboard.tsx.
 */
import type { FC } from 'hono/jsx';
import { CsrfField, ErrorSummary, Flash, FormField, SelectField } from '../../../web/components';
import type { T } from '../../../web/i18n';
import { type Category, CoordinatesFields, NameAddressFields, type PlaceFormValues } from './nearby';
import type { PlaceView } from './place';

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

export const BrandPlacesPage: FC<{
  v: PlaceView;
  brand: Brand;
  places: BrandPlaceRow[];
  canEdit: boolean;
  notice?: string | null;
}> = ({ v, brand, places, canEdit, notice }) => (
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
                <a
                  href={`${base(brand)}/${p.id}/specials`}
                  aria-label={v.t('places.bo.specials_named', { name: p.name })}
                >
                  {v.t('places.bo.specials')}
                </a>
                <a
                  href={`${base(brand)}/${p.id}/dashboard`}
                  aria-label={v.t('places.bo.dashboard_named', { name: p.name })}
                >
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
        <NameAddressFields v={v} values={values} errors={errors} />
        <div class="places-form-pair">
          <FormField
            name="postcode"
            label={v.t('places.form.postcode')}
            value={values.postcode}
            maxlength={12}
            error={errors.postcode}
          />
          <FormField
            name="city"
            label={v.t('places.form.city')}
            value={values.city}
            maxlength={120}
            error={errors.city}
          />
        </div>
        <CoordinatesFields v={v} values={values} errors={errors} required />
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
              placeholder={d === '1' ? '09:00-12:30, 14:00-19:00' : undefined}
              error={errors[`hours_${d}`]}
            />
          ))}
        </fieldset>
        <fieldset>
          <legend>{v.t('places.form.popup')}</legend>
          <p class="field-hint">{v.t('places.form.popup_hint')}</p>
          <div class="places-form-pair">
            <FormField
              name="starts_at"
              type="date"
              label={v.t('places.form.starts_at')}
              value={values.starts_at}
              error={errors.starts_at}
            />
            <FormField
              name="ends_at"
              type="date"
              label={v.t('places.form.ends_at')}
              value={values.ends_at}
              error={errors.ends_at}
            />
          </div>
        </fieldset>
        <FormField
          name="photo"
          type="file"
          accept="image/jpeg,image/png,image/webp"
          label={v.t('places.form.photo')}
          error={errors.photo}
        />
        <FormField
          name="photo_alt"
          label={v.t('places.form.photo_alt')}
          value={values.photo_alt}
          maxlength={500}
          error={errors.photo_alt}
        />
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
