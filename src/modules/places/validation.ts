/**
 * Checking what clients send about places and check-ins. Each problem is a 422 whose code names
 * the rule and whose `details.field` names the field, so a client can say exactly what to fix.
 * Numbers may come as JSON numbers or as numeric strings (forms, query strings); anything else,
 * NaN and infinities are refused.
 */
import { unprocessable } from '../../lib/errors';
import type { OpeningHours } from './schema';

export const RADIUS = { min: 10, max: 5000, default: 150 } as const;
export const MAX_ACCURACY_M = 10000;
export const MAX_NAME = 120;
export const MAX_ADDRESS = 300;
export const MAX_COMMENT = 280;
export const MAX_PHOTO_ALT = 500;

/** The fixed list of categories, with their names in French and English. */
export const placeCategories = [
  { code: 'shop', fr: 'Boutique', en: 'Shop' },
  { code: 'cafe', fr: 'Café', en: 'Café' },
  { code: 'restaurant', fr: 'Restaurant', en: 'Restaurant' },
  { code: 'bar', fr: 'Bar', en: 'Bar' },
  { code: 'bakery', fr: 'Boulangerie', en: 'Bakery' },
  { code: 'cheese', fr: 'Fromagerie', en: 'Cheese shop' },
  { code: 'market', fr: 'Marché', en: 'Market' },
  { code: 'bookshop', fr: 'Librairie', en: 'Bookshop' },
  { code: 'popup', fr: 'Boutique éphémère', en: 'Pop-up store' },
  { code: 'other', fr: 'Autre', en: 'Other' },
] as const;
export type PlaceCategory = (typeof placeCategories)[number]['code'];
export const categoryCodes = placeCategories.map((c) => c.code) as PlaceCategory[];

/** The category's name in a language (French unless `en`). */
export function categoryName(code: string, language: string | null | undefined): string {
  const found = placeCategories.find((c) => c.code === code);
  if (!found) return code;
  return language === 'en' ? found.en : found.fr;
}

const invalid = (field: string, message: string, extra: Record<string, unknown> = {}) =>
  unprocessable(`invalid_${field}`, message, { field, ...extra });

/** A finite number from a JSON number or a numeric string; undefined when absent (undefined, null, ''). */
export function numberOf(value: unknown, field: string): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const n =
    typeof value === 'string' && /^\s*[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?\s*$/i.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n)) throw invalid(field, `${field} must be a number`);
  return n;
}

function required(value: unknown, field: string): number {
  const n = numberOf(value, field);
  if (n === undefined) throw unprocessable(`missing_${field}`, `${field} is required`, { field });
  return n;
}

export function checkLat(value: unknown, field = 'lat'): number {
  const n = required(value, field);
  if (n < -90 || n > 90) throw invalid(field, `${field} must be between -90 and 90`, { min: -90, max: 90 });
  return n;
}

export function checkLon(value: unknown, field = 'lon'): number {
  const n = required(value, field);
  if (n < -180 || n > 180) throw invalid(field, `${field} must be between -180 and 180`, { min: -180, max: 180 });
  return n;
}

/** A check-in radius (or a search radius) in whole metres, 10 to 5,000; `fallback` when absent. */
export function checkRadius(value: unknown, fallback: number = RADIUS.default, field = 'radius_m'): number {
  const n = numberOf(value, field) ?? fallback;
  if (!Number.isInteger(n) || n < RADIUS.min || n > RADIUS.max)
    throw invalid(field, `${field} must be a whole number of metres from ${RADIUS.min} to ${RADIUS.max}`, {
      min: RADIUS.min,
      max: RADIUS.max,
    });
  return n;
}

/** The stated accuracy of a position in metres, 0 to 10,000 (null when absent). */
export function checkAccuracy(value: unknown): number | null {
  const n = numberOf(value, 'accuracy_m');
  if (n === undefined) return null;
  if (n < 0 || n > MAX_ACCURACY_M)
    throw invalid('accuracy_m', `accuracy_m must be between 0 and ${MAX_ACCURACY_M}`, { min: 0, max: MAX_ACCURACY_M });
  return Math.round(n);
}

export function checkCategory(value: unknown, fallback: PlaceCategory = 'shop'): PlaceCategory {
  if (value === undefined || value === null || value === '') return fallback;
  if (typeof value !== 'string' || !(categoryCodes as string[]).includes(value))
    throw invalid('category', `category must be one of ${categoryCodes.join(', ')}`, { allowed: categoryCodes });
  return value as PlaceCategory;
}

/** A required or optional text, trimmed, at most `max` characters. */
export function checkText(value: unknown, field: string, max: number, options: { required: boolean }): string | null {
  if (value === undefined || value === null) {
    if (options.required) throw unprocessable(`missing_${field}`, `${field} is required`, { field });
    return null;
  }
  if (typeof value !== 'string') throw invalid(field, `${field} must be text`);
  const text = value.trim();
  if (!text && options.required) throw unprocessable(`missing_${field}`, `${field} is required`, { field });
  if ([...text].length > max) throw invalid(field, `${field} has at most ${max} characters`, { max });
  return text || null;
}

export function checkPostcode(value: unknown): string | null {
  const text = checkText(value, 'postcode', 12, { required: false });
  if (text !== null && !/^[0-9A-Za-z -]{2,12}$/.test(text)) throw invalid('postcode', 'postcode is not a postcode');
  return text;
}

/** An instant: ISO 8601 with its offset (a bare date is midnight UTC). */
export function checkInstant(value: unknown, field: string): Date | null {
  if (value === undefined || value === null || value === '') return null;
  if (
    typeof value !== 'string' ||
    !/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2}))?$/.test(value)
  )
    throw invalid(field, `${field} must be an ISO 8601 date-time with its offset (2026-12-24T10:00:00+01:00)`);
  const at = new Date(value);
  if (Number.isNaN(at.getTime())) throw invalid(field, `${field} is not a real date`);
  return at;
}

export function checkDates(startsAt: Date | null, endsAt: Date | null): void {
  if (startsAt && endsAt && endsAt.getTime() <= startsAt.getTime())
    throw unprocessable('invalid_ends_at', 'ends_at must be after starts_at', { field: 'ends_at' });
}

const RANGE = /^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-4]):[0-5]\d$/;

/** Opening hours: {"1": ["09:00-12:30", "14:00-19:00"], ..., "7": []} (ISO weekdays, Monday = 1). */
export function checkOpeningHours(value: unknown): OpeningHours | null {
  if (value === undefined || value === null || value === '') return null;
  let parsed = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value);
    } catch {
      throw invalid('opening_hours', 'opening_hours must be an object of weekdays to "HH:MM-HH:MM" ranges');
    }
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw invalid('opening_hours', 'opening_hours must be an object of weekdays to "HH:MM-HH:MM" ranges');
  const out: OpeningHours = {};
  for (const [day, ranges] of Object.entries(parsed)) {
    if (!/^[1-7]$/.test(day)) throw invalid('opening_hours', 'opening_hours keys are ISO weekdays "1" (Monday) to "7"');
    if (!Array.isArray(ranges) || ranges.length > 6 || ranges.some((r) => typeof r !== 'string' || !RANGE.test(r)))
      throw invalid('opening_hours', `opening_hours.${day} must be a list of "HH:MM-HH:MM" ranges`);
    out[day as keyof OpeningHours] = ranges as string[];
  }
  return out;
}

export const checkinVisibilityOf = (value: unknown): 'public' | 'private' => {
  if (value === undefined || value === null || value === '') return 'public';
  if (value !== 'public' && value !== 'private')
    throw invalid('visibility', 'visibility must be public or private', { allowed: ['public', 'private'] });
  return value;
};
