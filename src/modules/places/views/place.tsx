/**
 * A place's page: what it is and where (name, category, address, hours, photo, a pop-up's dates,
 * the map), its check-ins and mayor, its current specials, its tips by most liked, the check-in
 * form (the browser's position fills the hidden fields; places.js) and the tip form. After a
 * check-in the same page shows what it gave: counted or why not, badges, mayorship, codes.
 */
import type { Child, FC } from 'hono/jsx';
import { Avatar, CsrfField, Flash, fullDateText } from '../../../web/components';
import type { T } from '../../../web/i18n';
import { PlacesMap, type TileSettings } from './map';

export type PlaceView = { t: T; locale: 'fr' | 'en'; csrf: string };
export type Person = { username: string; displayName: string; avatarPath: string | null };

export type PlaceData = {
  id: string;
  name: string;
  category: string;
  /** The category's name in the reader's language. */
  categoryLabel: string;
  address: string;
  postcode: string | null;
  city: string | null;
  lat: number;
  lon: number;
  radiusM: number;
  openingHours: Partial<Record<string, string[]>> | null;
  photoUrl: string | null;
  photoAlt: string | null;
  startsAt: Date | null;
  endsAt: Date | null;
  checkinsCount: number;
  brand: { username: string; displayName: string } | null;
  mayor: Person | null;
};

export type SpecialData = {
  id: string;
  kind: string;
  title: string;
  description: string | null;
  everyN: number | null;
  firstN: number | null;
  minPeople: number | null;
  windowMinutes: number | null;
  endsAt: Date | null;
};

export type TipData = {
  id: string;
  text: string;
  likesCount: number;
  liked: boolean;
  mine: boolean;
  author: Person;
  publishedAt: Date | null;
};

export type CheckinOutcome =
  | {
      counted: boolean;
      reason?: string | null;
      badges: { code: string; name: string }[];
      mayor: boolean;
      specials: { id: string; kind: string; title: string; code: string }[];
    }
  | { error: string };

const WEEKDAYS = ['1', '2', '3', '4', '5', '6', '7'] as const;

/** How a special is earned, in words, from its kind and numbers. */
export const specialRule = (t: T, s: Omit<SpecialData, 'id' | 'title' | 'description' | 'endsAt'>) =>
  t(`places.special.rule.${s.kind}` as Parameters<T>[0], {
    n: s.everyN ?? s.firstN ?? s.minPeople ?? 0,
    minutes: s.windowMinutes ?? 0,
  });

export const SpecialsList: FC<{ v: PlaceView; specials: SpecialData[] }> = ({ v, specials }) =>
  specials.length === 0 ? (
    <p class="muted">{v.t('places.specials.none')}</p>
  ) : (
    <ul class="places-specials">
      {specials.map((s) => (
        <li class={`places-special places-special-${s.kind}`}>
          <p class="places-special-kind">{v.t(`places.special.kind.${s.kind}` as Parameters<T>[0])}</p>
          <h3>{s.title}</h3>
          {s.description ? <p>{s.description}</p> : null}
          <p class="muted small">
            {specialRule(v.t, s)}
            {s.endsAt ? ` · ${v.t('places.special.until', { date: fullDateText(v.locale, s.endsAt) })}` : ''}
          </p>
        </li>
      ))}
    </ul>
  );

/** The codes a check-in unlocked, large, to show at the counter. */
export const CodesList: FC<{ v: PlaceView; specials: { id: string; title: string; code: string }[] }> = ({
  v,
  specials,
}) => (
  <ul class="places-codes">
    {specials.map((s) => (
      <li class="places-code-card">
        <p class="places-code-title">{s.title}</p>
        <p class="places-code">{s.code}</p>
        <p class="muted small">{v.t('places.code.show_staff')}</p>
      </li>
    ))}
  </ul>
);

export const CheckinResult: FC<{ v: PlaceView; outcome: CheckinOutcome }> = ({ v, outcome }) => {
  if ('error' in outcome) {
    return (
      <Flash kind="error" title={v.t('places.checkin.refused')}>
        <p>{v.t(`places.checkin.error.${outcome.error}` as Parameters<T>[0])}</p>
      </Flash>
    );
  }
  return (
    <section class="places-result" aria-labelledby="checkin-result-title" id="checkin-result">
      <Flash kind={outcome.counted ? 'success' : 'warning'}>
        <p class="flash-title" id="checkin-result-title">
          {outcome.counted ? v.t('places.checkin.counted') : v.t('places.checkin.not_counted')}
        </p>
        {outcome.counted ? null : (
          <p>{v.t(`places.checkin.reason.${outcome.reason ?? 'other'}` as Parameters<T>[0])}</p>
        )}
        {outcome.mayor ? <p>{v.t('places.checkin.mayor')}</p> : null}
      </Flash>
      {outcome.badges.length > 0 ? (
        <div class="places-earned">
          <h3>{v.t('places.checkin.badges')}</h3>
          <ul class="places-badges">
            {outcome.badges.map((b) => (
              <li class="places-badge">{b.name}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {outcome.specials.length > 0 ? (
        <div class="places-earned">
          <h3>{v.t('places.checkin.specials')}</h3>
          <CodesList v={v} specials={outcome.specials} />
        </div>
      ) : null}
    </section>
  );
};

const CheckinForm: FC<{ v: PlaceView; placeId: string; signedIn: boolean }> = ({ v, placeId, signedIn }) => {
  if (!signedIn) {
    return (
      <p>
        <a class="button primary" href={`/login?next=${encodeURIComponent(`/places/${placeId}`)}`}>
          {v.t('places.checkin.sign_in')}
        </a>
      </p>
    );
  }
  return (
    <form
      method="post"
      action={`/places/${placeId}/checkin`}
      class="places-checkin"
      data-geolocate=""
      data-msg-locating={v.t('places.geo.locating')}
      data-msg-denied={v.t('places.geo.denied')}
      data-msg-failed={v.t('places.geo.failed')}
    >
      <CsrfField token={v.csrf} />
      <input type="hidden" name="lat" value="" />
      <input type="hidden" name="lon" value="" />
      <input type="hidden" name="accuracy_m" value="" />
      <fieldset class="places-visibility">
        <legend>{v.t('places.checkin.visibility')}</legend>
        <label>
          <input type="radio" name="visibility" value="public" checked /> {v.t('places.checkin.public')}
        </label>
        <label>
          <input type="radio" name="visibility" value="private" /> {v.t('places.checkin.private')}
        </label>
      </fieldset>
      <div class="field">
        <label for="checkin-comment">{v.t('places.checkin.comment')}</label>
        <input id="checkin-comment" name="comment" type="text" maxlength={280} />
      </div>
      <button type="submit" class="button primary places-checkin-button">
        {v.t('places.checkin.button')}
      </button>
      <p class="muted small" data-geo-status="" aria-live="polite">
        {v.t('places.checkin.hint')}
      </p>
    </form>
  );
};

const TipItem: FC<{ v: PlaceView; tip: TipData; signedIn: boolean }> = ({ v, tip, signedIn }) => (
  <li class="places-tip" id={`tip-${tip.id}`}>
    <p class="places-tip-author">
      <Avatar account={tip.author} size="xs" />
      <a href={`/@${tip.author.username}`}>{tip.author.displayName || tip.author.username}</a>
      {tip.publishedAt ? <span class="muted small"> · {fullDateText(v.locale, tip.publishedAt)}</span> : null}
    </p>
    <p class="places-tip-text">{tip.text}</p>
    <TipLike v={v} tip={tip} signedIn={signedIn} />
  </li>
);

export const TipLike: FC<{
  v: PlaceView;
  tip: Pick<TipData, 'id' | 'likesCount' | 'liked' | 'mine'>;
  signedIn: boolean;
}> = ({ v, tip, signedIn }) => {
  const count = v.t('places.tip.likes', { count: tip.likesCount });
  if (!signedIn || tip.mine) return <p class="muted small places-tip-like">{count}</p>;
  const action = `/places/tips/${tip.id}/like`;
  return (
    <form method="post" action={action} class="places-tip-like" hx-post={action} hx-target="this" hx-swap="outerHTML">
      <CsrfField token={v.csrf} />
      <input type="hidden" name="like" value={tip.liked ? '0' : '1'} />
      <button type="submit" class="button small ghost" aria-pressed={tip.liked ? 'true' : 'false'}>
        {tip.liked ? v.t('places.tip.unlike') : v.t('places.tip.like')} · {count}
      </button>
    </form>
  );
};

const OpeningHours: FC<{ v: PlaceView; hours: Partial<Record<string, string[]>> }> = ({ v, hours }) => (
  <table class="places-hours">
    <caption>{v.t('places.hours.title')}</caption>
    <tbody>
      {WEEKDAYS.map((d) => (
        <tr>
          <th scope="row">{v.t(`places.day.${d}` as Parameters<T>[0])}</th>
          <td>{hours[d]?.length ? hours[d]!.join(', ') : v.t('places.hours.closed')}</td>
        </tr>
      ))}
    </tbody>
  </table>
);

export const PlacePage: FC<{
  v: PlaceView;
  place: PlaceData;
  specials: SpecialData[];
  tips: TipData[];
  tiles: TileSettings;
  signedIn: boolean;
  outcome?: CheckinOutcome | null;
  notice?: Child;
  tipError?: string | null;
  canManage: boolean;
}> = ({ v, place, specials, tips, tiles, signedIn, outcome, notice, tipError, canManage }) => (
  <article class="places-page" aria-labelledby="place-name">
    <header class="places-head">
      {place.photoUrl ? <img class="places-photo" src={place.photoUrl} alt={place.photoAlt ?? ''} /> : null}
      <div>
        <p class="places-category">{place.categoryLabel}</p>
        <h1 id="place-name">{place.name}</h1>
        <p class="places-address">
          {place.address}
          {place.postcode || place.city ? `, ${[place.postcode, place.city].filter(Boolean).join(' ')}` : ''}
        </p>
        {place.startsAt || place.endsAt ? (
          <p class="places-popup-dates">
            {v.t('places.popup.dates', {
              from: place.startsAt ? fullDateText(v.locale, place.startsAt) : '…',
              to: place.endsAt ? fullDateText(v.locale, place.endsAt) : '…',
            })}
          </p>
        ) : null}
        {place.brand ? (
          <p>
            <a class="button secondary small" href={`/@${place.brand.username}`}>
              {v.t('places.shop_link', { name: place.brand.displayName || place.brand.username })}
            </a>
            {canManage ? (
              <a class="button ghost small" href={`/brands/${place.brand.username}/places/${place.id}/edit`}>
                {v.t('places.manage_link')}
              </a>
            ) : null}
          </p>
        ) : (
          <p class="muted small">{v.t('places.suggested_place')}</p>
        )}
      </div>
    </header>
    {notice}
    {outcome ? <CheckinResult v={v} outcome={outcome} /> : null}
    <div class="places-columns">
      <div>
        <section class="card places-checkin-box" aria-labelledby="checkin-title">
          <h2 id="checkin-title">{v.t('places.checkin.title')}</h2>
          <dl class="places-facts">
            <div>
              <dt>{v.t('places.checkins')}</dt>
              <dd>{String(place.checkinsCount)}</dd>
            </div>
            <div>
              <dt>{v.t('places.mayor')}</dt>
              <dd>
                {place.mayor ? (
                  <a class="places-mayor" href={`/@${place.mayor.username}`}>
                    <Avatar account={place.mayor} size="sm" />
                    {place.mayor.displayName || place.mayor.username}
                  </a>
                ) : (
                  v.t('places.mayor.none')
                )}
              </dd>
            </div>
          </dl>
          <CheckinForm v={v} placeId={place.id} signedIn={signedIn} />
        </section>
        <section aria-labelledby="specials-title">
          <h2 id="specials-title">{v.t('places.specials.title')}</h2>
          <SpecialsList v={v} specials={specials} />
        </section>
        <section aria-labelledby="tips-title">
          <h2 id="tips-title">{v.t('places.tips.title')}</h2>
          {tips.length === 0 ? <p class="muted">{v.t('places.tips.none')}</p> : null}
          <ul class="places-tips">
            {tips.map((tip) => (
              <TipItem v={v} tip={tip} signedIn={signedIn} />
            ))}
          </ul>
          {signedIn ? (
            <form method="post" action={`/places/${place.id}/tips`} class="places-tip-form">
              <CsrfField token={v.csrf} />
              <div class={`field${tipError ? ' has-error' : ''}`}>
                <label for="tip-text">{v.t('places.tip.field')}</label>
                <textarea
                  id="tip-text"
                  name="text"
                  rows={3}
                  maxlength={500}
                  required
                  aria-invalid={tipError ? 'true' : undefined}
                  aria-describedby={tipError ? 'tip-text-error' : undefined}
                ></textarea>
                {tipError ? (
                  <p class="field-error" id="tip-text-error">
                    {tipError}
                  </p>
                ) : null}
              </div>
              <button type="submit" class="button secondary">
                {v.t('places.tip.submit')}
              </button>
            </form>
          ) : null}
        </section>
      </div>
      <div>
        <PlacesMap
          t={v.t}
          locale={v.locale}
          center={place}
          points={[{ id: place.id, name: place.name, lat: place.lat, lon: place.lon, href: `/places/${place.id}` }]}
          tiles={tiles}
          radiusM={place.radiusM}
          label={v.t('places.map.place_label', { name: place.name })}
        />
        {place.openingHours && Object.keys(place.openingHours).length > 0 ? (
          <OpeningHours v={v} hours={place.openingHours} />
        ) : null}
      </div>
    </div>
  </article>
);
