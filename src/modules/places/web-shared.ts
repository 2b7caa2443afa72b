/** What the places pages share: the view context, the map settings, reading form errors. */
import type { Context } from 'hono';
import type { AppContext } from '../../context';
import type { AppEnv } from '../../http/types';
import { DomainError } from '../../lib/errors';
import { tOf } from '../../web/page';
import { categoryName, placeCategories } from './validation';
import type { TileSettings } from './views/map';
import type { Category } from './views/nearby';
import type { PlaceView } from './views/place';

export type Ctx = Context<AppEnv>;

/** Hono route pattern for a UUID path parameter (anything else is a plain 404). */
export const UUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';

export const viewOf = (c: Ctx): PlaceView => ({ t: tOf(c), locale: c.get('locale'), csrf: c.get('csrfToken') });
export const personOf = (c: Ctx) => c.get('viewer')?.accountId ?? null;
export const isHtmx = (c: Ctx) => c.req.header('hx-request') === 'true';

export const tilesOf = (ctx: AppContext): TileSettings =>
  ctx.config.placesTileUrl ? { url: ctx.config.placesTileUrl, attribution: ctx.config.placesTileAttribution } : null;

export const categoriesFor = (locale: 'fr' | 'en'): Category[] =>
  placeCategories.map((c) => ({ code: c.code, label: locale === 'en' ? c.en : c.fr }));

export const categoryLabel = (code: string, locale: 'fr' | 'en') => categoryName(code, locale);

/** The script the places pages add to their head (the map, the position, scanning). */
export const placesScript = '/static/places.js';

/** A service's refusal (bad input, not allowed, not found…), as opposed to a bug. */
export const clientError = (error: unknown): error is DomainError => error instanceof DomainError;

/**
 * The field a 422 names, with a message for it: the reader's language's generic words, and in
 * English the service's own sentence (services speak English).
 */
export function fieldErrors(c: Ctx, error: DomainError): Record<string, string> {
  const field = typeof error.details?.field === 'string' ? error.details.field : '_form';
  const generic = tOf(c)('places.form.invalid');
  return { [field]: c.get('locale') === 'en' && error.message ? error.message : generic };
}

/** Form values as strings (what the form shows back after an error). */
export function stringsOf(params: Record<string, unknown>): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(params)) if (typeof v === 'string') out[k] = v;
  return out;
}
