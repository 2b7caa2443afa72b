/**
 * Places near a point: "use my location" (the browser's position, places.js) or a typed address
 * or postcode, a category filter, the list nearest first with distances, and the map of the same
 * places. Also the "suggest a place" form and a person's codes (the specials they unlocked).
 */
import type { FC } from 'hono/jsx';
import { CsrfField, ErrorSummary, Flash, FormField, fullDateText, SelectField } from '../../../web/components';
import { distanceText, PlacesMap, type TileSettings } from './map';
import type { PlaceView } from './place';

export type NearbyItem = {
  id: string;
  name: string;
  categoryLabel: string;
  address: string;
  city: string | null;
  lat: number;
  lon: number;
  distanceM: number;
  brandName: string | null;
};

export type Category = { code: string; label: string };

export const NearbyPage: FC<{
  v: PlaceView;
  categories: Category[];
  query: { q: string; category: string };
  center: { lat: number; lon: number; label: string | null; you: boolean } | null;
  places: NearbyItem[];
  tiles: TileSettings;
  error: string | null;
  signedIn: boolean;
  /** A brand's places instead of "around you". */
  title?: string;
}> = ({ v, categories, query, center, places, tiles, error, signedIn, title }) => (
  <div class="places-nearby">
    <header class="places-nearby-head">
      <h1>{title ?? v.t('places.nearby.title')}</h1>
      {signedIn ? (
        <a class="button ghost small" href="/places/new">
          {v.t('places.suggest.link')}
        </a>
      ) : null}
    </header>
    <div class="places-search card">
      <form
        method="get"
        action="/places"
        class="places-locate"
        data-geolocate=""
        data-msg-locating={v.t('places.geo.locating')}
        data-msg-denied={v.t('places.geo.denied')}
        data-msg-failed={v.t('places.geo.failed')}
      >
        <input type="hidden" name="lat" value="" />
        <input type="hidden" name="lon" value="" />
        {query.category ? <input type="hidden" name="category" value={query.category} /> : null}
        <button type="submit" class="button primary">
          {v.t('places.nearby.use_location')}
        </button>
        <p class="muted small" data-geo-status="" aria-live="polite"></p>
      </form>
      <form method="get" action="/places" class="places-query" role="search">
        <FormField
          name="q"
          type="search"
          label={v.t('places.nearby.address')}
          hint={v.t('places.nearby.address_hint')}
          value={query.q}
          maxlength={200}
          autocomplete="postal-code"
        />
        <SelectField
          name="category"
          label={v.t('places.nearby.category')}
          value={query.category}
          options={[
            { value: '', label: v.t('places.nearby.all_categories') },
            ...categories.map((c) => ({ value: c.code, label: c.label })),
          ]}
        />
        <button type="submit" class="button secondary">
          {v.t('places.nearby.search')}
        </button>
      </form>
    </div>
    {error ? (
      <Flash kind="error">
        <p>{error}</p>
      </Flash>
    ) : null}
    {center ? (
      <div class="places-columns">
        <section aria-labelledby="nearby-list-title">
          <h2 id="nearby-list-title">
            {center.label ? v.t('places.nearby.around', { where: center.label }) : v.t('places.nearby.around_you')}
          </h2>
          {places.length === 0 ? <p class="muted">{v.t('places.nearby.none')}</p> : null}
          <ol class="places-list">
            {places.map((p) => (
              <li class="places-item">
                <a href={`/places/${p.id}`} class="places-item-name">
                  {p.name}
                </a>
                <span class="places-distance">{distanceText(p.distanceM, v.locale)}</span>
                <span class="muted small places-item-meta">
                  {p.categoryLabel}
                  {p.brandName ? ` · ${p.brandName}` : ''} · {p.address}
                  {p.city ? `, ${p.city}` : ''}
                </span>
              </li>
            ))}
          </ol>
        </section>
        <PlacesMap
          t={v.t}
          locale={v.locale}
          center={center}
          points={places.map((p) => ({ id: p.id, name: p.name, lat: p.lat, lon: p.lon, href: `/places/${p.id}` }))}
          tiles={tiles}
          centerIsYou={center.you}
          label={v.t('places.map.nearby_label', { count: places.length })}
        />
      </div>
    ) : (
      <p class="muted">{v.t('places.nearby.start')}</p>
    )}
  </div>
);

export type PlaceFormValues = Record<string, string | undefined>;
type FieldsProps = { v: PlaceView; values: PlaceFormValues; errors: Record<string, string | undefined> };

/** Name and address, the same on a brand's place form and a person's suggestion. */
export const NameAddressFields: FC<FieldsProps & { addressHint?: string }> = ({ v, values, errors, addressHint }) => (
  <>
    <FormField
      name="name"
      label={v.t('places.form.name')}
      value={values.name}
      required
      maxlength={120}
      error={errors.name}
    />
    <FormField
      name="address"
      label={v.t('places.form.address')}
      value={values.address}
      required
      maxlength={300}
      error={errors.address}
      hint={addressHint}
    />
  </>
);

/** Latitude and longitude: required on a brand's form, optional on a suggestion (then geocoded). */
export const CoordinatesFields: FC<FieldsProps & { required?: boolean }> = ({ v, values, errors, required }) => (
  <div class="places-form-pair">
    <FormField
      name="lat"
      label={v.t('places.form.lat')}
      value={values.lat}
      required={required || undefined}
      inputmode="decimal"
      error={errors.lat}
    />
    <FormField
      name="lon"
      label={v.t('places.form.lon')}
      value={values.lon}
      required={required || undefined}
      inputmode="decimal"
      error={errors.lon}
    />
  </div>
);

export const SuggestPage: FC<{
  v: PlaceView;
  categories: Category[];
  values: PlaceFormValues;
  errors: Record<string, string | undefined>;
}> = ({ v, categories, values, errors }) => (
  <section class="card narrow places-suggest">
    <h1>{v.t('places.suggest.title')}</h1>
    <p class="muted">{v.t('places.suggest.intro')}</p>
    <ErrorSummary title={v.t('places.form.errors')} errors={errors} />
    <form method="post" action="/places" class="stack">
      <CsrfField token={v.csrf} />
      <NameAddressFields v={v} values={values} errors={errors} addressHint={v.t('places.suggest.address_hint')} />
      <SelectField
        name="category"
        label={v.t('places.form.category')}
        value={values.category ?? 'cafe'}
        options={categories.map((c) => ({ value: c.code, label: c.label }))}
        error={errors.category}
      />
      <CoordinatesFields v={v} values={values} errors={errors} />
      <p class="muted small">{v.t('places.suggest.coords_hint')}</p>
      <button type="submit" class="button primary">
        {v.t('places.suggest.submit')}
      </button>
    </form>
  </section>
);

export type CodeItem = {
  code: string;
  title: string;
  kind: string;
  placeId: string;
  placeName: string;
  unlockedAt: Date;
  redeemedAt: Date | null;
};

export const MyCodesPage: FC<{ v: PlaceView; codes: CodeItem[] }> = ({ v, codes }) => (
  <section class="narrow-wide places-my-codes">
    <h1>{v.t('places.codes.title')}</h1>
    <p class="muted">{v.t('places.codes.intro')}</p>
    {codes.length === 0 ? <p class="muted">{v.t('places.codes.none')}</p> : null}
    <ul class="places-codes">
      {codes.map((c) => (
        <li class={`places-code-card${c.redeemedAt ? ' is-redeemed' : ''}`}>
          <p class="places-code-title">
            {c.title} · <a href={`/places/${c.placeId}`}>{c.placeName}</a>
          </p>
          <p class="places-code">{c.code}</p>
          <p class="muted small">
            {c.redeemedAt
              ? v.t('places.codes.redeemed_on', { date: fullDateText(v.locale, c.redeemedAt) })
              : v.t('places.codes.unlocked_on', { date: fullDateText(v.locale, c.unlockedAt) })}
          </p>
        </li>
      ))}
    </ul>
  </section>
);
