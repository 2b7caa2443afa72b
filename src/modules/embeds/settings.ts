/**
 * Which websites may frame a brand's widgets: any (the default: widgets show only public data), or
 * a list of origins. Only the brand's team reads the setting (others: 404, as if the brand had
 * none); owners and admins change it (`editProfile`, like the brand's other settings).
 */
import { eq } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client';
import { forbidden, notFound, unprocessable } from '../../lib/errors';
import { findBrand, getAccounts, roleAllows, roleIn, type Account } from '../accounts';
import { embedSettings } from './schema';

export const MAX_ORIGINS = 20;
const MAX_ORIGIN_LENGTH = 200;

export type EmbedOrigins = { allowAnyOrigin: boolean; allowedOrigins: string[] };
type SettingsContext = { db: Db };

/** What a brand without a row gets: any site may frame its widgets. */
const DEFAULTS: EmbedOrigins = { allowAnyOrigin: true, allowedOrigins: [] };

export async function readEmbedOrigins(db: DbOrTx, brandId: string): Promise<EmbedOrigins> {
  const [row] = await db.select().from(embedSettings).where(eq(embedSettings.brandId, brandId));
  return row ? { allowAnyOrigin: row.allowAnyOrigin, allowedOrigins: row.allowedOrigins } : DEFAULTS;
}

/**
 * The `frame-ancestors` sources: `*` when any site may, else Comptoir itself (the back-office's
 * preview) and the listed origins. Origins were checked on the way in: no `;`, quote or space.
 */
export function frameAncestors(origins: EmbedOrigins): string {
  if (origins.allowAnyOrigin) return '*';
  return ["'self'", ...origins.allowedOrigins].join(' ');
}

/**
 * An origin as a browser sends it: `https://host[:port]`, lower case, no path. Plain `http://` only
 * for a loopback host (a shop developed on the same machine); anything else is refused.
 */
export function normalizeOrigin(raw: string): string | null {
  const text = raw.trim();
  if (!text || text.length > MAX_ORIGIN_LENGTH || !/^https?:\/\/[^/?#@\s]+\/?$/i.test(text)) return null;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  if (url.username || url.password) return null;
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) return null;
  if (!loopback && !/^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(url.hostname)) return null;
  return url.origin;
}

/** The brand (local, not suspended) and the viewer's role on its team; 404 for anyone else. */
async function teamBrand(ctx: SettingsContext, viewerId: string, brandRef: string) {
  const brand = /^[0-9a-f-]{36}$/i.test(brandRef)
    ? ((await getAccounts(ctx, [brandRef.toLowerCase()])).get(brandRef.toLowerCase()) ?? null)
    : await findBrand(ctx, brandRef);
  if (brand?.kind !== 'brand' || brand.domain) throw notFound('Brand');
  const role = brand.id === viewerId ? 'owner' : await roleIn(ctx, brand.id, viewerId);
  if (!role) throw notFound('Brand');
  return { brand, role };
}

export async function brandEmbedSettings(
  ctx: SettingsContext,
  viewerId: string,
  brandRef: string,
): Promise<{ brand: Account; settings: EmbedOrigins; mayEdit: boolean }> {
  const { brand, role } = await teamBrand(ctx, viewerId, brandRef);
  return { brand, settings: await readEmbedOrigins(ctx.db, brand.id), mayEdit: roleAllows(role, 'editProfile') };
}

/** Checks `{allow_any_origin, allowed_origins}` whole before writing anything (422 naming the field). */
export function parseOrigins(input: Record<string, unknown>): EmbedOrigins {
  const any = input.allow_any_origin;
  if (typeof any !== 'boolean')
    throw unprocessable('invalid_allow_any_origin', 'allow_any_origin must be true or false', {
      field: 'allow_any_origin',
    });
  const list = input.allowed_origins ?? [];
  if (!Array.isArray(list) || list.some((o) => typeof o !== 'string'))
    throw unprocessable('invalid_origin', 'allowed_origins must be a list of origins', { field: 'allowed_origins' });
  const origins: string[] = [];
  for (const raw of list as string[]) {
    if (!raw.trim()) continue;
    const origin = normalizeOrigin(raw);
    if (!origin)
      throw unprocessable('invalid_origin', `Not an origin (https://host[:port]): ${raw.slice(0, 80)}`, {
        field: 'allowed_origins',
        origin: raw.slice(0, 80),
      });
    if (!origins.includes(origin)) origins.push(origin);
  }
  if (origins.length > MAX_ORIGINS)
    throw unprocessable('too_many_origins', `At most ${MAX_ORIGINS} origins`, { field: 'allowed_origins' });
  return { allowAnyOrigin: any, allowedOrigins: origins };
}

export async function updateEmbedSettings(
  ctx: SettingsContext,
  viewerId: string,
  brandRef: string,
  input: Record<string, unknown>,
): Promise<{ brand: Account; settings: EmbedOrigins }> {
  const { brand, role } = await teamBrand(ctx, viewerId, brandRef);
  if (!roleAllows(role, 'editProfile'))
    throw forbidden('role_not_allowed', `Your role (${role}) does not allow changing the allowed origins`);
  const settings = parseOrigins(input);
  await ctx.db
    .insert(embedSettings)
    .values({ brandId: brand.id, ...settings, updatedAt: new Date() })
    .onConflictDoUpdate({
      target: embedSettings.brandId,
      set: { allowAnyOrigin: settings.allowAnyOrigin, allowedOrigins: settings.allowedOrigins, updatedAt: new Date() },
    });
  return { brand, settings };
}
