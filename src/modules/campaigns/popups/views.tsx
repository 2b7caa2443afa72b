/** The pop-up store's public page: countdown, products with Buy buttons while open, closed notice. */
import type { FC } from 'hono/jsx';
import { mediaSrc } from '../../../web/components';
import type { Locale, T } from '../../../web/i18n';
import { formatMoney, unitsLeft, type ProductSummary } from '../../commerce';
import { whenText } from './announce';
import type { EarlyAccessVerdict } from './early-access';
import type { Popup, PopupStatus } from './model';

export type PopupView = { t: T; locale: Locale; csrf: string };
/** What the viewer sees: before (countdown), early (followers buying), open, closed. */
export type PopupPhase = 'scheduled' | 'early' | 'open' | 'closed';

export type PopupPageData = {
  popup: Popup;
  status: PopupStatus;
  phase: PopupPhase;
  brand: { username: string; displayName: string };
  products: ProductSummary[];
  place: { id: string; name: string } | null;
  viewerId: string | null;
  subscribed: boolean;
  early: EarlyAccessVerdict | null;
  now: Date;
  notice?: string;
};

const pad = (n: number) => String(n).padStart(2, '0');

/** The remaining time as the server sees it; campaigns.js ticks it down and reloads at zero. */
export function remainingText(t: T, ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  return t('popup.countdown', {
    d: Math.floor(s / 86400),
    h: pad(Math.floor((s % 86400) / 3600)),
    m: pad(Math.floor((s % 3600) / 60)),
    s: pad(s % 60),
  });
}

const Countdown: FC<{ v: PopupView; to: Date; now: Date }> = ({ v, to, now }) => (
  <p class="popup-countdown">
    <span class="muted">{v.t('popup.opens_in')}</span>{' '}
    <strong
      data-countdown-to={to.toISOString()}
      data-countdown-format={v.t('popup.countdown', { d: '{d}', h: '{h}', m: '{m}', s: '{s}' })}
      role="timer"
    >
      {remainingText(v.t, to.getTime() - now.getTime())}
    </strong>
  </p>
);

const ProductTile: FC<{ v: PopupView; p: ProductSummary; popupId: string; buyable: boolean }> = ({
  v,
  p,
  popupId,
  buyable,
}) => {
  const lead = p.variants.find((x) => x.stock > 0) ?? p.variants[0];
  const inStock = unitsLeft(p) > 0 && lead !== undefined;
  const href = `/@${p.brandUsername}/products/${p.id}`;
  return (
    <li class="popup-product card" data-product-id={p.id}>
      {p.image ? <img src={mediaSrc(p.image.previewPath)} alt="" width="120" height="120" loading="lazy" /> : null}
      <a class="popup-product-title" href={href}>
        {p.title}
      </a>
      {lead ? <span class="popup-price">{formatMoney(lead.priceAmount, lead.currency, v.locale)}</span> : null}
      {buyable && inStock ? (
        <a
          class="button primary small buy-link"
          href={`/checkout/now?variant_id=${lead!.id}&popup_id=${popupId}`}
          data-buy-dialog=""
        >
          {v.t('popup.buy')}
        </a>
      ) : buyable ? (
        <span class="button secondary small is-disabled" aria-disabled="true">
          {v.t('popup.sold_out')}
        </span>
      ) : null}
    </li>
  );
};

export const PopupPage: FC<{ v: PopupView; d: PopupPageData }> = ({ v, d }) => {
  const { popup, phase } = d;
  const buyable = phase === 'open' || phase === 'early';
  const waitUntil = d.early && !d.early.allowed ? d.early.opensForYouAt : popup.startsAt;
  return (
    <article class="narrow-wide stack popup-page" data-popup-state={phase} data-popup-status={d.status}>
      {popup.bannerPath ? (
        <img class="popup-banner" src={mediaSrc(popup.bannerPath)} alt={popup.bannerAlt} width="1500" height="500" />
      ) : null}
      <header class="page-header">
        <p class="eyebrow">
          {v.t('popup.eyebrow')} · <a href={`/@${d.brand.username}`}>{d.brand.displayName || d.brand.username}</a> ·{' '}
          <span class={`popup-status is-${d.status}`}>{v.t(`popup.status.${d.status}`)}</span>
        </p>
        <h1>{popup.title}</h1>
        {popup.description ? <p class="lead popup-description">{popup.description}</p> : null}
        {d.place ? (
          <p class="popup-place">
            <a href={`/places/${d.place.id}`}>{v.t('popup.place', { name: d.place.name })}</a>
          </p>
        ) : null}
      </header>
      {d.notice ? (
        <p class="flash flash-success" role="status">
          {d.notice}
        </p>
      ) : null}
      {phase === 'closed' ? (
        <section class="card popup-closed">
          <h2>{v.t('popup.closed')}</h2>
          <p class="muted">{v.t('popup.closed_since', { date: whenText(popup.endsAt, v.locale) })}</p>
        </section>
      ) : phase === 'scheduled' ? (
        <section class="card popup-soon stack">
          <p>
            <strong>{v.t('popup.opens_at', { date: whenText(popup.startsAt, v.locale) })}</strong>
          </p>
          <Countdown v={v} to={waitUntil} now={d.now} />
          {popup.earlyAccessHours > 0 ? (
            <p class="muted">
              {d.early?.qualifies
                ? v.t('popup.early_from_you', { date: whenText(d.early.opensForYouAt, v.locale) })
                : v.t('popup.early_follow', { hours: popup.earlyAccessHours })}
            </p>
          ) : null}
          {d.viewerId ? (
            d.subscribed ? (
              <p class="popup-subscribed" role="status">
                {v.t('popup.notify_done')}
              </p>
            ) : (
              <form method="post" action={`/popups/${popup.id}/subscribe`} class="popup-notify">
                <input type="hidden" name="_csrf" value={v.csrf} />
                <button type="submit" class="button primary">
                  {v.t('popup.notify_me')}
                </button>
              </form>
            )
          ) : (
            <p>
              <a class="button secondary" href={`/login?next=${encodeURIComponent(`/popups/${popup.id}`)}`}>
                {v.t('popup.notify_login')}
              </a>
            </p>
          )}
        </section>
      ) : (
        <section class="card popup-open">
          <p>
            <strong>
              {phase === 'early'
                ? v.t('popup.early_for_you')
                : v.t('popup.open_until', { date: whenText(popup.endsAt, v.locale) })}
            </strong>
          </p>
          {phase === 'early' ? (
            <p class="muted">{v.t('popup.open_to_all', { date: whenText(popup.startsAt, v.locale) })}</p>
          ) : null}
        </section>
      )}
      <section aria-labelledby="popup-products-title">
        <h2 id="popup-products-title">{v.t('popup.products')}</h2>
        {d.products.length === 0 ? <p class="muted">{v.t('popup.no_products')}</p> : null}
        <ul class="popup-products">
          {d.products.map((p) => (
            <ProductTile v={v} p={p} popupId={popup.id} buyable={buyable && d.viewerId !== p.brandId} />
          ))}
        </ul>
      </section>
      <script src="/static/campaigns.js" defer></script>
    </article>
  );
};
