/**
 * Localized dates: relative ("5 min ago") and full, and the <time> element showing them;
 * re-exported by components.tsx.
 */
import type { FC } from 'hono/jsx';
import type { Locale } from './i18n';

/**
 * One time zone for every date and time on a page, whatever the server's own zone: accounts
 * have no time zone setting yet, and the instance's people live in France. app.js uses the same.
 */
export const PAGE_TIME_ZONE = 'Europe/Paris';

const relativeFormats = new Map<Locale, Intl.RelativeTimeFormat>();
const dateFormats = new Map<string, Intl.DateTimeFormat>();
const intlLocale = (locale: Locale) => (locale === 'fr' ? 'fr-FR' : 'en-GB');

function dateFormat(locale: Locale, withYear: boolean, withTime = false): Intl.DateTimeFormat {
  const key = `${locale}:${withYear}:${withTime}`;
  let f = dateFormats.get(key);
  if (!f) {
    const options: Intl.DateTimeFormatOptions = {
      day: 'numeric',
      month: 'short',
      ...(withYear ? { year: 'numeric' } : {}),
      ...(withTime ? { hour: '2-digit', minute: '2-digit' } : {}),
      timeZone: PAGE_TIME_ZONE,
    };
    dateFormats.set(key, (f = new Intl.DateTimeFormat(intlLocale(locale), options)));
  }
  return f;
}

/** "il y a 5 min" / "5 min ago" within a week, then a short date ("3 mars", "3 Mar 2024"). */
export function relativeTimeText(locale: Locale, date: Date, now = new Date()): string {
  const seconds = Math.round((date.getTime() - now.getTime()) / 1000);
  const abs = Math.abs(seconds);
  let rtf = relativeFormats.get(locale);
  if (!rtf)
    relativeFormats.set(
      locale,
      (rtf = new Intl.RelativeTimeFormat(intlLocale(locale), { numeric: 'auto', style: 'short' })),
    );
  if (abs < 45) return rtf.format(0, 'second');
  if (abs < 3600) return rtf.format(Math.round(seconds / 60), 'minute');
  if (abs < 86400) return rtf.format(Math.round(seconds / 3600), 'hour');
  if (abs < 7 * 86400) return rtf.format(Math.round(seconds / 86400), 'day');
  return dateFormat(locale, yearIn(date) !== yearIn(now)).format(date);
}

const yearFormat = new Intl.DateTimeFormat('en', { year: 'numeric', timeZone: PAGE_TIME_ZONE });
/** The year in the page's zone (getFullYear() is the server's zone: New Year's Eve would differ). */
const yearIn = (date: Date) => yearFormat.format(date);

/** Today's date (YYYY-MM-DD) in the page's zone: form defaults and limits (`max` of a date field). */
export const todayInPageZone = (now = new Date()) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: PAGE_TIME_ZONE }).format(now);

export const fullDateText = (locale: Locale, date: Date) => dateFormat(locale, true, true).format(date);

/**
 * A <time> with a machine-readable datetime and localized text; the full date shows on hover.
 * app.js refreshes `data-relative` times every minute.
 */
export const RelativeTime: FC<{ date: Date | string; locale: Locale; class?: string }> = ({
  date,
  locale,
  class: extra,
}) => {
  const d = typeof date === 'string' ? new Date(date) : date;
  return (
    <time class={extra} datetime={d.toISOString()} title={fullDateText(locale, d)} data-relative="">
      {relativeTimeText(locale, d)}
    </time>
  );
};
