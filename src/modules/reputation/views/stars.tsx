/** Stars as text with their value for screen readers ("4 étoiles sur 5"), and dates as people read them. */
import type { FC } from 'hono/jsx';
import type { Locale, T } from '../../../web/i18n';
import { PAGE_TIME_ZONE } from '../../../web/components';

export type ReviewView = { t: T; locale: Locale; csrf: string };

/** A day as people read it: a date-only value ("2026-11-10") as written, a moment in the page's zone. */
export const dateText = (locale: Locale, value: Date | string) =>
  new Intl.DateTimeFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', {
    dateStyle: 'long',
    timeZone: typeof value === 'string' ? 'UTC' : PAGE_TIME_ZONE,
  }).format(typeof value === 'string' ? new Date(`${value.slice(0, 10)}T00:00:00Z`) : value);

export const decimal = (locale: Locale, n: number) =>
  new Intl.NumberFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', {
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
  }).format(n);

export const Stars: FC<{ v: Pick<ReviewView, 't' | 'locale'>; rating: number }> = ({ v, rating }) => {
  const full = Math.round(rating);
  return (
    <span
      class="stars review-stars"
      role="img"
      aria-label={v.t('review.stars.label', { rating: Number.isInteger(rating) ? rating : decimal(v.locale, rating) })}
    >
      {'★'.repeat(full)}
      <span class="review-stars-off">{'★'.repeat(5 - full)}</span>
    </span>
  );
};

/** "★★★★☆ 4,3/5 · 12 avis" on product tiles and post cards. */
export const RatingLine: FC<{ v: Pick<ReviewView, 't' | 'locale'>; average: number; count: number; href?: string }> = ({
  v,
  average,
  count,
  href,
}) => {
  const text = v.t('review.card.rating', { average: decimal(v.locale, average), count });
  return (
    <p class="review-rating-line">
      <Stars v={v} rating={average} /> {href ? <a href={href}>{text}</a> : <span>{text}</span>}
    </p>
  );
};
