/**
 * Outside sources a brand listens to: add (discovered from a feed or a page announcing one),
 * list with their health, rename, remove, fetch now. A feed is stored once in
 * `listening_sources` however many brands listen to it; `brand_sources` is one brand's
 * subscription under the name it chose, and its id is the API's source id.
 *
 * Who may do what: the brand's team reads (every role that may read the brand); owners, admins
 * and community managers manage (the watches' rule). Anyone else gets 404, as if the brand or
 * the source did not exist: a source list says what a brand is watching, which is its business.
 */
import { and, count, eq, sql } from 'drizzle-orm';
import type { AppContext } from '../../../context';
import { queryRows, type DbOrTx } from '../../../db/client';
import { isUuid, uuidv7 } from '../../../db/ids';
import { enqueue } from '../../../jobs/queue';
import { nowOf } from '../../../lib/clock';
import { conflict, forbidden, notFound, unprocessable } from '../../../lib/errors';
import { roleIn, roleAllows, type BrandRole } from '../../accounts';
import { MANAGE_ROLES } from '../watches/watches';
import { discoverFeed } from './discover';
import { brandSources, listeningSources, type BrandSource } from './schema';
import { normaliseFeedUrl } from './urls';

export type SourcesContext = Pick<AppContext, 'db' | 'config' | 'clock' | 'log'>;

export const MAX_SOURCES_PER_BRAND = 500;
export const NAME_MAX = 100;
/**
 * Adding a source fetches the address (discovery: up to four requests to a site the team
 * chose), so a brand may add this many per window: a team's day is far below it, a script
 * aiming the server at someone else's site is not.
 */
export const ADDS_PER_WINDOW: [number, number] = [60, 600];

export type SourceStatus = 'pending' | 'ok' | 'failing';

/** A brand's source with its health, as the list, the page and the API show it. */
export type SourceView = {
  id: string;
  brandId: string;
  sourceId: string;
  name: string;
  url: string;
  siteUrl: string | null;
  title: string;
  status: SourceStatus;
  lastFetchedAt: Date | null;
  lastSuccessAt: Date | null;
  lastNewItemAt: Date | null;
  lastError: string | null;
  failingSince: Date | null;
  itemsCount: number;
  itemsThisWeek: number;
  createdAt: Date;
};

// Who may ---------------------------------------------------------------------------------------

/** The viewer's role in the brand's team; 404 for anyone not on it. */
export async function assertSourcesReader(ctx: Pick<SourcesContext, 'db'>, actorId: string, brandId: string) {
  const role = await roleIn(ctx, brandId, actorId);
  if (!role || !roleAllows(role, 'read')) throw notFound('Brand');
  return role;
}

export async function assertSourcesManager(
  ctx: Pick<SourcesContext, 'db'>,
  actorId: string,
  brandId: string,
): Promise<BrandRole> {
  const role = await assertSourcesReader(ctx, actorId, brandId);
  if (!MANAGE_ROLES.includes(role))
    throw forbidden('role_not_allowed', `Your role (${role}) does not allow managing sources`);
  return role;
}

export const canManageSources = (role: BrandRole | null) => role !== null && MANAGE_ROLES.includes(role);

/** One brand source by its id, for a member of its brand's team (404 otherwise, also for a bad id). */
async function ownSource(
  ctx: Pick<SourcesContext, 'db'>,
  actorId: string,
  id: string,
  manage: boolean,
): Promise<BrandSource> {
  if (!isUuid(id)) throw notFound('Source');
  const [row] = await ctx.db.select().from(brandSources).where(eq(brandSources.id, id.toLowerCase()));
  if (!row) throw notFound('Source');
  const role = await roleIn(ctx, row.brandId, actorId);
  if (!role || !roleAllows(role, 'read')) throw notFound('Source');
  if (manage && !MANAGE_ROLES.includes(role))
    throw forbidden('role_not_allowed', `Your role (${role}) does not allow managing sources`);
  return row;
}

// Input -----------------------------------------------------------------------------------------

export function checkName(raw: unknown): string {
  if (typeof raw !== 'string' || !raw.trim())
    throw unprocessable('invalid_name', 'name must not be blank', { field: 'name' });
  const name = raw.trim().replaceAll(/\s+/g, ' ');
  if ([...name].length > NAME_MAX)
    throw unprocessable('invalid_name', `name has at most ${NAME_MAX} characters`, { field: 'name' });
  return name;
}

/** A name from an outside title: blanks folded, cut to the limit, the host when nothing is left. */
export function nameFrom(title: string | undefined | null, url: string): string {
  const name = (title ?? '').trim().replaceAll(/\s+/g, ' ');
  return name ? [...name].slice(0, NAME_MAX).join('') : new URL(url).host;
}

async function countOf(db: DbOrTx, brandId: string): Promise<number> {
  const [row] = await db.select({ n: count() }).from(brandSources).where(eq(brandSources.brandId, brandId));
  return Number(row?.n ?? 0);
}

export function tooMany() {
  return unprocessable(
    'too_many_sources',
    `A brand listens to at most ${MAX_SOURCES_PER_BRAND} sources; remove some before adding others`,
    { limit: MAX_SOURCES_PER_BRAND },
  );
}

// Writes ----------------------------------------------------------------------------------------

/**
 * Adds a source: the URL is a feed, or a page announcing one (discovery fetches it through the
 * outbound rules: 422 not_a_feed, invalid_url, private_url). Adding a feed the brand already
 * listens to is 409 source_exists (naming the existing id), never a second row. A feed no brand
 * had yet is created and its first fetch enqueued in the same transaction, so its items arrive
 * through the one path that stores, cleans and matches them.
 */
export async function addSource(
  ctx: SourcesContext,
  actorId: string,
  brandId: string,
  input: { url?: unknown; name?: unknown },
): Promise<SourceView> {
  await assertSourcesManager(ctx, actorId, brandId);
  const given = normaliseFeedUrl(input.url);
  const name = input.name === undefined || input.name === null || input.name === '' ? undefined : checkName(input.name);
  if ((await countOf(ctx.db, brandId)) >= MAX_SOURCES_PER_BRAND) throw tooMany();
  await refuseExisting(ctx.db, brandId, given);
  const found = await discoverFeed(ctx, given);
  const feedUrl = normaliseFeedUrl(found.feedUrl);
  const id = await ctx.db.transaction(async (tx) => {
    if ((await countOf(tx, brandId)) >= MAX_SOURCES_PER_BRAND) throw tooMany();
    await refuseExisting(tx, brandId, feedUrl);
    const source = await upsertSource(tx, { url: feedUrl, title: found.title ?? '', siteUrl: found.siteUrl ?? null });
    const row = { id: uuidv7(), brandId, sourceId: source.id, name: name ?? nameFrom(found.title, feedUrl) };
    // Two requests adding the same feed at once on a server: the second finds the first's row here.
    const made = await tx
      .insert(brandSources)
      .values({ ...row, createdById: actorId })
      .onConflictDoNothing({ target: [brandSources.brandId, brandSources.sourceId] })
      .returning({ id: brandSources.id });
    if (made.length === 0) await refuseExisting(tx, brandId, feedUrl);
    if (source.created) await enqueue(tx, 'source.fetch', { sourceId: source.id });
    return row.id;
  });
  return (await viewsOf(ctx, brandId, id))[0];
}

async function refuseExisting(db: DbOrTx, brandId: string, url: string): Promise<void> {
  const [row] = await db
    .select({ id: brandSources.id })
    .from(brandSources)
    .innerJoin(listeningSources, eq(listeningSources.id, brandSources.sourceId))
    .where(and(eq(brandSources.brandId, brandId), eq(listeningSources.url, url)));
  if (row) throw conflict('source_exists', 'The brand already listens to this feed', { id: row.id });
}

/**
 * The shared row of a feed, made when no brand had it. `created` says whether this call made
 * it (then it has never been fetched and its first fetch is the caller's to enqueue).
 */
export async function upsertSource(
  tx: DbOrTx,
  feed: { url: string; title: string; siteUrl: string | null; nextFetchAt?: Date },
): Promise<{ id: string; created: boolean }> {
  const id = uuidv7();
  const due = feed.nextFetchAt ? sql`${feed.nextFetchAt.toISOString()}::timestamptz` : sql`now()`;
  // `xmax = 0` is true only for a freshly inserted row: the one statement says which happened.
  const [row] = await queryRows<{ id: string; created: boolean }>(
    tx,
    sql`insert into listening_sources (id, url, title, site_url, next_fetch_at)
        values (${id}, ${feed.url}, ${feed.title}, ${feed.siteUrl}, ${due})
        on conflict (url) do update set url = excluded.url
        returning id, (xmax = 0) as created`,
  );
  return { id: row.id, created: row.created === true || String(row.created) === 'true' };
}

export async function renameSource(
  ctx: SourcesContext,
  actorId: string,
  id: string,
  input: { name?: unknown },
): Promise<SourceView> {
  const row = await ownSource(ctx, actorId, id, true);
  const name = checkName(input.name);
  await ctx.db.update(brandSources).set({ name }).where(eq(brandSources.id, row.id));
  return (await viewsOf(ctx, row.brandId, row.id))[0];
}

/**
 * Stops the brand listening: its watches forget the items that came from this source, and the
 * shared feed (with its items) goes when no other brand listens to it.
 */
export async function removeSource(ctx: SourcesContext, actorId: string, id: string): Promise<void> {
  const row = await ownSource(ctx, actorId, id, true);
  await ctx.db.transaction(async (tx) => {
    // Lock the shared row: a brand adding the same feed meanwhile waits, then finds it gone or kept.
    await queryRows(tx, sql`select id from listening_sources where id = ${row.sourceId} for update`);
    await queryRows(
      tx,
      sql`delete from watch_matches m using watches w
          where m.watch_id = w.id and w.brand_id = ${row.brandId} and m.item_type = 'outside'
            and m.item_id in (select id from outside_items where source_id = ${row.sourceId})`,
    );
    await tx.delete(brandSources).where(eq(brandSources.id, row.id));
    await queryRows(
      tx,
      sql`delete from listening_sources s where s.id = ${row.sourceId}
          and not exists (select 1 from brand_sources b where b.source_id = s.id)`,
    );
  });
}

/** Asks for a fetch now (one waiting fetch per feed at a time: clicking twice queues one). */
export async function fetchSourceNow(ctx: SourcesContext, actorId: string, id: string): Promise<SourceView> {
  const row = await ownSource(ctx, actorId, id, true);
  await ctx.db.transaction(async (tx) => {
    await queryRows(tx, sql`select id from listening_sources where id = ${row.sourceId} for update`);
    const [waiting] = await queryRows<{ id: string }>(
      tx,
      sql`select id from jobs where kind = 'source.fetch' and done_at is null and locked_until is null
            and payload->>'sourceId' = ${row.sourceId} limit 1`,
    );
    if (!waiting) await enqueue(tx, 'source.fetch', { sourceId: row.sourceId });
  });
  return (await viewsOf(ctx, row.brandId, row.id))[0];
}

// Reads -----------------------------------------------------------------------------------------

export async function listSources(ctx: SourcesContext, actorId: string, brandId: string): Promise<SourceView[]> {
  await assertSourcesReader(ctx, actorId, brandId);
  return viewsOf(ctx, brandId);
}

export async function getSource(ctx: SourcesContext, actorId: string, id: string): Promise<SourceView> {
  const row = await ownSource(ctx, actorId, id, false);
  return (await viewsOf(ctx, row.brandId, row.id))[0];
}

type ViewRow = {
  id: string;
  brand_id: string;
  source_id: string;
  name: string;
  url: string;
  site_url: string | null;
  title: string;
  last_fetched_at: Date | string | null;
  last_success_at: Date | string | null;
  last_new_item_at: Date | string | null;
  last_error: string | null;
  failing_since: Date | string | null;
  created_at: Date | string;
  items_count: number | string;
  items_week: number | string;
};

const dateOf = (v: Date | string | null): Date | null => (v === null ? null : v instanceof Date ? v : new Date(v));

/** A brand's sources (or one of them) with their health, by name. */
async function viewsOf(ctx: SourcesContext, brandId: string, id?: string): Promise<SourceView[]> {
  // This week: today and the six UTC days before (source_item_days).
  const weekAgo = new Date(nowOf(ctx).getTime() - 7 * 86_400_000).toISOString().slice(0, 10);
  const rows = await queryRows<ViewRow>(
    ctx.db,
    sql`select b.id, b.brand_id, b.source_id, b.name, b.created_at, s.url, s.site_url, s.title, s.last_fetched_at,
               s.last_success_at, s.last_new_item_at, s.last_error, s.failing_since,
               s.items_count,
               (select coalesce(sum(d.items), 0) from source_item_days d where d.source_id = s.id and d.day > ${weekAgo}::date)
                 as items_week
        from brand_sources b
        join listening_sources s on s.id = b.source_id
        where b.brand_id = ${brandId} ${id ? sql`and b.id = ${id}` : sql``}
        order by lower(b.name), b.id`,
  );
  return rows.map((r) => {
    const lastFetchedAt = dateOf(r.last_fetched_at);
    const failingSince = dateOf(r.failing_since);
    return {
      id: r.id,
      brandId: r.brand_id,
      sourceId: r.source_id,
      name: r.name,
      url: r.url,
      siteUrl: r.site_url,
      title: r.title,
      status: failingSince || (r.last_error && !r.last_success_at) ? 'failing' : lastFetchedAt ? 'ok' : 'pending',
      lastFetchedAt,
      lastSuccessAt: dateOf(r.last_success_at),
      lastNewItemAt: dateOf(r.last_new_item_at),
      lastError: r.last_error,
      failingSince,
      itemsCount: Number(r.items_count),
      itemsThisWeek: Number(r.items_week),
      createdAt: dateOf(r.created_at) as Date,
    };
  });
}
