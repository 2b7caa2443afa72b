/**
 * Watches (veilles): a brand's team saves a query; every new public item that matches is
 * recorded against it (matcher.ts), shown in its feeds (feeds.ts), dashboards (stats.ts) and
 * alerts (alerts.ts). Viewing needs the `read` permission of the brand; managing needs owner,
 * admin or community manager. A watch is always looked up within its brand: another brand's
 * watch id is 404, never a peek.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { and, desc, eq, sql } from 'drizzle-orm';
import type { Config } from '../../../config';
import { queryRows, type Db } from '../../../db/client';
import { isUuid, uuidv7 } from '../../../db/ids';
import { badRequest, forbidden, notFound, unprocessable } from '../../../lib/errors';
import { assertCan, type BrandRole } from '../../accounts';
import { alertModes, watches, type AlertMode, type Watch } from './schema';
import { parseQuery } from '../search';
import { loadMatches } from './watch-matches';

export { hasReviews, loadMatches, matchIds, matchUrl, presentMatch, type MatchRow } from './watch-matches';

export type WatchesContext = { db: Db; config: Pick<Config, 'publicUrl'>; secret: string };

/** Roles that create, edit, delete watches and rotate their feed tokens. */
export const MANAGE_ROLES: readonly BrandRole[] = ['owner', 'admin', 'community_manager'];
export const MAX_WATCHES_PER_BRAND = 200;
export const NAME_MAX = 100;
export const QUERY_MAX = 500;

export async function assertWatchReader(
  ctx: Pick<WatchesContext, 'db'>,
  actorId: string,
  brandId: string,
): Promise<BrandRole> {
  return assertCan(ctx, actorId, brandId, 'read');
}

export async function assertWatchManager(
  ctx: Pick<WatchesContext, 'db'>,
  actorId: string,
  brandId: string,
): Promise<BrandRole> {
  const role = await assertCan(ctx, actorId, brandId, 'read');
  if (!MANAGE_ROLES.includes(role))
    throw forbidden('role_not_allowed', `Your role (${role}) does not allow managing watches`);
  return role;
}

// Feed tokens -------------------------------------------------------------------------------------

/** The feed token: HMAC(instance secret, watch id + version). Rotating bumps the version. */
export function feedToken(secret: string, watch: Pick<Watch, 'id' | 'tokenVersion'>): string {
  return createHmac('sha256', secret)
    .update(`watch-feed:${watch.id}:${watch.tokenVersion}`)
    .digest('base64url')
    .slice(0, 32);
}

export function tokenMatches(secret: string, watch: Pick<Watch, 'id' | 'tokenVersion'>, given: unknown): boolean {
  if (typeof given !== 'string' || given.length !== 32) return false;
  const expected = Buffer.from(feedToken(secret, watch));
  const actual = Buffer.from(given);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

export function feedUrls(ctx: Pick<WatchesContext, 'config' | 'secret'>, watch: Pick<Watch, 'id' | 'tokenVersion'>) {
  const token = feedToken(ctx.secret, watch);
  const base = `${ctx.config.publicUrl}/watches/${watch.id}/feed`;
  return { rss_url: `${base}.rss?token=${token}`, atom_url: `${base}.atom?token=${token}` };
}

// Input -------------------------------------------------------------------------------------------

export type WatchInput = {
  name?: unknown;
  query?: unknown;
  active?: unknown;
  alert_mode?: unknown;
  alert_in_app?: unknown;
  alert_email?: unknown;
  alert_webhook?: unknown;
  spike_k?: unknown;
  spike_min_count?: unknown;
};

function checkName(raw: unknown): string {
  if (typeof raw !== 'string' || !raw.trim())
    throw unprocessable('invalid_name', 'name is required', { field: 'name' });
  const name = raw.trim();
  if ([...name].length > NAME_MAX)
    throw unprocessable('invalid_name', `name has at most ${NAME_MAX} characters`, { field: 'name' });
  return name;
}

function checkQuery(raw: unknown): string {
  if (typeof raw !== 'string' || !raw.trim())
    throw badRequest('invalid_query', 'query is required', { field: 'query' });
  const query = raw.trim();
  if (query.length > QUERY_MAX)
    throw badRequest('invalid_query', `query has at most ${QUERY_MAX} characters`, { field: 'query' });
  parseQuery(query); // throws 400 invalid_query naming the problem
  return query;
}

const boolOf = (raw: unknown, field: string): boolean => {
  if (raw === true || raw === 'true' || raw === '1' || raw === 'on') return true;
  if (raw === false || raw === 'false' || raw === '0' || raw === 'off' || raw === '') return false;
  throw badRequest('invalid_param', `${field} must be true or false`, { field });
};

const numberOf = (raw: unknown, field: string, min: number, max: number, integer: boolean): number => {
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() ? Number(raw) : Number.NaN;
  if (!Number.isFinite(n) || (integer && !Number.isInteger(n)))
    throw badRequest('invalid_param', `${field} must be a${integer ? 'n integer' : ' number'}`, { field });
  if (n < min || n > max) throw unprocessable('invalid_param', `${field} must be between ${min} and ${max}`, { field });
  return n;
};

/** The changes a PATCH (or the settings form) asks for, all checked before anything is written. */
function changesOf(input: WatchInput): Partial<typeof watches.$inferInsert> {
  const out: Partial<typeof watches.$inferInsert> = {};
  if (input.name !== undefined) out.name = checkName(input.name);
  if (input.query !== undefined) out.query = checkQuery(input.query);
  if (input.active !== undefined) out.active = boolOf(input.active, 'active');
  if (input.alert_mode !== undefined) {
    if (!alertModes.includes(input.alert_mode as AlertMode))
      throw unprocessable('invalid_param', `alert_mode must be one of ${alertModes.join(', ')}`, {
        field: 'alert_mode',
      });
    out.alertMode = input.alert_mode as AlertMode;
  }
  if (input.alert_in_app !== undefined) out.alertInApp = boolOf(input.alert_in_app, 'alert_in_app');
  if (input.alert_email !== undefined) out.alertEmail = boolOf(input.alert_email, 'alert_email');
  if (input.alert_webhook !== undefined) out.alertWebhook = boolOf(input.alert_webhook, 'alert_webhook');
  if (input.spike_k !== undefined) out.spikeK = numberOf(input.spike_k, 'spike_k', 0.5, 10, false);
  if (input.spike_min_count !== undefined)
    out.spikeMinCount = numberOf(input.spike_min_count, 'spike_min_count', 1, 100_000, true);
  return out;
}

// Service -----------------------------------------------------------------------------------------

export async function createWatch(
  ctx: WatchesContext,
  actorId: string,
  brandId: string,
  input: WatchInput,
): Promise<Watch> {
  await assertWatchManager(ctx, actorId, brandId);
  const name = checkName(input.name);
  const query = checkQuery(input.query);
  const changes = changesOf({ ...input, name: undefined, query: undefined });
  return ctx.db.transaction(async (tx) => {
    // Serialises creations for one brand so the cap holds under parallel requests.
    await queryRows(tx, sql`select id from accounts where id = ${brandId} for update`);
    const [{ n }] = await queryRows<{ n: number }>(
      tx,
      sql`select count(*)::int as n from watches where brand_id = ${brandId}`,
    );
    if (Number(n) >= MAX_WATCHES_PER_BRAND)
      throw unprocessable('too_many_watches', `A brand has at most ${MAX_WATCHES_PER_BRAND} watches`);
    const [row] = await tx
      .insert(watches)
      .values({ ...changes, id: uuidv7(), brandId, name, query, createdById: actorId })
      .returning();
    return row;
  });
}

/** A watch of this brand, or 404 (a bad id, another brand's watch, a deleted one). */
export async function loadWatch(db: Db, brandId: string, watchId: string): Promise<Watch> {
  if (!isUuid(watchId)) throw notFound('Watch');
  const [row] = await db
    .select()
    .from(watches)
    .where(and(eq(watches.id, watchId.toLowerCase()), eq(watches.brandId, brandId)));
  if (!row) throw notFound('Watch');
  return row;
}

export async function getWatch(
  ctx: Pick<WatchesContext, 'db'>,
  actorId: string,
  brandId: string,
  watchId: string,
): Promise<Watch> {
  await assertWatchReader(ctx, actorId, brandId);
  return loadWatch(ctx.db, brandId, watchId);
}

export async function listWatches(ctx: Pick<WatchesContext, 'db'>, actorId: string, brandId: string): Promise<Watch[]> {
  await assertWatchReader(ctx, actorId, brandId);
  return ctx.db.select().from(watches).where(eq(watches.brandId, brandId)).orderBy(desc(watches.id));
}

export async function updateWatch(
  ctx: WatchesContext,
  actorId: string,
  brandId: string,
  watchId: string,
  input: WatchInput,
): Promise<Watch> {
  await assertWatchManager(ctx, actorId, brandId);
  await loadWatch(ctx.db, brandId, watchId);
  const changes = changesOf(input);
  const [row] = await ctx.db
    .update(watches)
    .set({ ...changes, updatedAt: new Date() })
    .where(and(eq(watches.id, watchId.toLowerCase()), eq(watches.brandId, brandId)))
    .returning();
  if (!row) throw notFound('Watch');
  return row;
}

export async function deleteWatch(
  ctx: WatchesContext,
  actorId: string,
  brandId: string,
  watchId: string,
): Promise<void> {
  await assertWatchManager(ctx, actorId, brandId);
  await loadWatch(ctx.db, brandId, watchId);
  await ctx.db.delete(watches).where(and(eq(watches.id, watchId.toLowerCase()), eq(watches.brandId, brandId)));
}

/** Revokes the feed token at once (the version is part of the HMAC) and returns the new URLs. */
export async function rotateToken(
  ctx: WatchesContext,
  actorId: string,
  brandId: string,
  watchId: string,
): Promise<Watch> {
  await assertWatchManager(ctx, actorId, brandId);
  await loadWatch(ctx.db, brandId, watchId);
  const [row] = await ctx.db
    .update(watches)
    .set({ tokenVersion: sql`${watches.tokenVersion} + 1`, updatedAt: new Date() })
    .where(and(eq(watches.id, watchId.toLowerCase()), eq(watches.brandId, brandId)))
    .returning();
  return row;
}

/** The watch a feed URL names, only with its current token; anything else is 404. */
export async function watchForFeed(
  ctx: Pick<WatchesContext, 'db' | 'secret'>,
  watchId: string,
  token: unknown,
): Promise<Watch> {
  if (!isUuid(watchId)) throw notFound('Feed');
  const [row] = await ctx.db.select().from(watches).where(eq(watches.id, watchId.toLowerCase()));
  if (!row || !tokenMatches(ctx.secret, row, token)) throw notFound('Feed');
  return row;
}

export function presentWatch(ctx: Pick<WatchesContext, 'config' | 'secret'>, w: Watch) {
  return {
    id: w.id,
    brand_id: w.brandId,
    name: w.name,
    query: w.query,
    active: w.active,
    alerts: { mode: w.alertMode, in_app: w.alertInApp, email: w.alertEmail, webhook: w.alertWebhook },
    spike: {
      k: w.spikeK,
      min_count: w.spikeMinCount,
      crisis_since: w.crisisSince ? w.crisisSince.toISOString() : null,
    },
    ...feedUrls(ctx, w),
    created_at: w.createdAt.toISOString(),
    updated_at: w.updatedAt.toISOString(),
  };
}

// Matches -----------------------------------------------------------------------------------------

export async function listMatches(
  ctx: Pick<WatchesContext, 'db'>,
  actorId: string,
  brandId: string,
  watchId: string,
  page: { maxId?: string; limit?: number } = {},
) {
  const watch = await getWatch(ctx, actorId, brandId, watchId);
  return { watch, matches: await loadMatches(ctx.db, watch.id, page) };
}
