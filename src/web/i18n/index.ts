import { en } from './en';
import { fr, type Messages } from './fr';

export const locales = ['fr', 'en'] as const;
export type Locale = (typeof locales)[number];
export type MessageKey = keyof Messages;
const catalogs: Record<Locale, Messages> = { fr, en };

/** Picks the account's language, then the browser's Accept-Language, then French. */
export function pickLocale(accountLocale: string | null | undefined, acceptLanguage: string | undefined): Locale {
  if (accountLocale && (locales as readonly string[]).includes(accountLocale)) return accountLocale as Locale;
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part) => {
      const [tag, ...rest] = part.trim().split(';');
      const q = rest.find((p) => p.trim().startsWith('q='));
      return { lang: tag.trim().slice(0, 2).toLowerCase(), q: q ? Number(q.trim().slice(2)) || 0 : 1 };
    })
    .sort((a, b) => b.q - a.q);
  for (const { lang } of ranked) if ((locales as readonly string[]).includes(lang)) return lang as Locale;
  return 'fr';
}

/**
 * Translates a key. Messages may hold `{name}` placeholders and ICU-style plurals:
 * `{count, plural, one {# abonné} other {# abonnés}}`.
 */
export function translate(locale: Locale, key: MessageKey, params: Record<string, string | number> = {}): string {
  const template = catalogs[locale][key] ?? catalogs.fr[key] ?? key;
  return format(locale, template, params);
}

export type T = (key: MessageKey, params?: Record<string, string | number>) => string;
export const translator =
  (locale: Locale): T =>
  (key, params) =>
    translate(locale, key, params);

const pluralRules = new Map<Locale, Intl.PluralRules>();
const numberFormats = new Map<Locale, Intl.NumberFormat>();

function format(locale: Locale, template: string, params: Record<string, string | number>): string {
  const plural = /\{(\w+), plural, ((?:[=\w]+ \{[^{}]*\}\s*)+)\}/g;
  let out = template.replace(plural, (_, name: string, branches: string) => {
    const n = Number(params[name] ?? 0);
    const options = new Map<string, string>();
    for (const m of branches.matchAll(/([=\w]+) \{([^{}]*)\}/g)) options.set(m[1], m[2]);
    let rules = pluralRules.get(locale);
    if (!rules) pluralRules.set(locale, (rules = new Intl.PluralRules(locale)));
    const chosen = options.get(`=${n}`) ?? options.get(rules.select(n)) ?? options.get('other') ?? '';
    return chosen.replace(/#/g, formatNumber(locale, n));
  });
  out = out.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
  return out;
}

export function formatNumber(locale: Locale, n: number): string {
  let f = numberFormats.get(locale);
  if (!f) numberFormats.set(locale, (f = new Intl.NumberFormat(locale === 'fr' ? 'fr-FR' : 'en-GB')));
  return f.format(n);
}
