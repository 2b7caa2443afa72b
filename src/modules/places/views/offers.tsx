/**
 * A place's specials in the back-office (the seven kinds; the form shows the numbers a kind
 * needs, by CSS alone) and the staff's redeem page (type the code, or scan it where the browser can).
 */
import type { FC } from 'hono/jsx';
import { CsrfField, ErrorSummary, Flash, FormField, fullDateText, SelectField } from '../../../web/components';
import type { T } from '../../../web/i18n';
import type { PlaceFormValues } from './nearby';
import { type PlaceView, type SpecialData, specialRule } from './place';

type Brand = { username: string; name: string };
const base = (b: Brand) => `/brands/${b.username}/places`;

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
      <FormField
        name="title"
        label={v.t('places.special.title')}
        value={values.title}
        required
        maxlength={120}
        error={errors.title}
      />
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
        <FormField
          name="ends_at"
          type="datetime-local"
          label={v.t('places.special.ends_at')}
          value={values.ends_at}
          error={errors.ends_at}
        />
      </div>
      <p class="actions">
        <button type="submit" class="button primary">
          {v.t('places.special.create')}
        </button>
      </p>
    </form>
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
