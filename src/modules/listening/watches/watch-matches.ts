/**
 * A watch's recorded matches (watch_matches, written by matcher.ts), read back for its lists,
 * feeds and alerts: only items still published and not kept out of sight by another module's gate.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../../db/client';
import { isUuid } from '../../../db/ids';
import { badRequest } from '../../../lib/errors';
import { hiddenByGatesAmong, notFromHiddenDomain } from '../../social';
import type { MatchItemType } from './schema';
import type { WatchesContext } from './watches';

/**
 * Check-ins and tips at places (place-items.ts): still public / published, their text (a check-in's
 * place and comment), the place's page as the link.
 */
const placeJoin = sql`left join checkins ck on m.item_type = 'checkin' and ck.id = m.item_id and ck.visibility = 'public'
  left join place_tips tp on m.item_type = 'tip' and tp.id = m.item_id and tp.status = 'published'
  left join places pl on pl.id = coalesce(ck.place_id, tp.place_id)`;
const placeKept = sql`(m.item_type not in ('checkin', 'tip') or ck.id is not null or tp.id is not null)`;

/**
 * Items read from outside sources (outside-items.ts), shown while the watch's brand still listens
 * to their source: `os` is the brand's own entry for it (its id and the name the brand gave it).
 * Removing a source also deletes those matches (migration 0046); this keeps a read in flight honest.
 */
const outsideJoin = sql`left join outside_items oi on m.item_type = 'outside' and oi.id = m.item_id
  left join brand_sources os on os.source_id = oi.source_id and os.brand_id = (select w.brand_id from watches w where w.id = m.watch_id)`;
const outsideKept = sql`(m.item_type <> 'outside' or os.id is not null)`;
/** Only web links leave for the outside: a feed may say anything in its item's link. */
const webLink = (url: string | null) => (url && /^https?:\/\//i.test(url) ? url : null);

export type MatchRow = {
  item_id: string;
  item_type: MatchItemType;
  status_id: string | null;
  review_id: string | null;
  author_id: string | null;
  author_username: string | null;
  author_display_name: string | null;
  /** The author's server when it is not ours (a post heard from the fediverse), else null. */
  author_domain: string | null;
  author_reach: number;
  sentiment: 'positive' | 'neutral' | 'negative';
  sentiment_score: number;
  item_created_at: Date | string;
  matched_at: Date | string;
  text: string | null;
  language: string | null;
  /** The item's page: the post, or the reviewed product's page (a path here); an outside item's own page (a full URL). */
  path: string | null;
  /** An outside item's source, as the watch's brand named it (brand_sources), else null. */
  source_id: string | null;
  source_name: string | null;
};

/** The item's address: our page for items of ours, the outside page for an outside item. */
export function matchUrl(publicUrl: string, m: Pick<MatchRow, 'item_type' | 'path'>): string | null {
  if (m.item_type === 'outside') return webLink(m.path);
  return m.path ? `${publicUrl}${m.path}` : null;
}

/**
 * A watch's matches, newest item first, keyset-paged on the item id (UUIDv7: time-ordered).
 * Only items still published: deleted posts are gone with their rows; reviews must still be
 * published (R1's reviews table, read when it exists).
 */
export async function loadMatches(
  db: Db,
  watchId: string,
  page: { maxId?: string; limit?: number; ids?: string[] } = {},
): Promise<MatchRow[]> {
  if (page.maxId !== undefined && !isUuid(page.maxId))
    throw badRequest('invalid_param', 'max_id must be an id', { field: 'max_id' });
  const limit = Math.min(Math.max(page.limit ?? 20, 1), 100);
  const before = page.maxId ? sql`and m.item_id < ${page.maxId.toLowerCase()}` : sql``;
  if (page.ids && page.ids.length === 0) return [];
  const only = page.ids ? sql`and m.item_id in ${page.ids}` : sql``;
  // Reviews (when the e-reputation tables exist): their text, and their product page as the link.
  const withReviews = await hasReviews(db);
  const reviewJoin = withReviews
    ? sql`left join reviews r on r.id = m.review_id and r.status = 'published' left join products p on p.id = r.product_id left join accounts pb on pb.id = p.brand_id`
    : sql``;
  const reviewText = withReviews ? sql`concat_ws(E'\n', nullif(r.title, ''), r.body)` : sql`null`;
  const reviewPath = withReviews ? sql`'/@' || pb.username || '/products/' || p.id || '#review-' || r.id` : sql`null`;
  const reviewLanguage = withReviews ? sql`r.language` : sql`null`;
  const reviewKept = withReviews ? sql`(m.item_type <> 'review' or r.id is not null)` : sql`m.item_type <> 'review'`;
  const rows = await queryRows<MatchRow>(
    db,
    sql`select m.item_id, m.item_type, m.status_id, m.review_id, m.author_id, a.username as author_username, a.display_name as author_display_name,
          a.domain as author_domain, m.author_reach, m.sentiment, m.sentiment_score, m.item_created_at, m.matched_at,
          case m.item_type when 'status' then s.text when 'tip' then tp.text
               when 'checkin' then concat_ws(E'\n', pl.name, ck.comment)
               when 'outside' then concat_ws(E'\n', nullif(oi.title, ''), oi.text) else ${reviewText} end as text,
          coalesce(s.language, ${reviewLanguage}, tp.language, oi.language) as language,
          case when m.item_type = 'status' then '/@' || a.username || '/' || s.id
               when m.item_type in ('checkin', 'tip') then '/places/' || pl.id
               when m.item_type = 'outside' then oi.url
               else ${reviewPath} end as path,
          os.id as source_id, os.name as source_name
        from watch_matches m
        left join accounts a on a.id = m.author_id
        left join statuses s on s.id = m.status_id
        ${reviewJoin}
        ${placeJoin}
        ${outsideJoin}
        where m.watch_id = ${watchId} ${before} ${only}
          and (m.item_type <> 'status' or s.id is not null)
          -- A server the platform suspended: its accounts' items leave the lists (social's rules).
          and (m.author_id is null or ${notFromHiddenDomain(null, sql`m.author_id`)})
          and ${reviewKept} and ${placeKept} and ${outsideKept}
        order by m.item_id desc limit ${limit}`,
  );
  return withoutGated(db, rows);
}

/** Posts another module's gate (moderation) now keeps out of sight leave the lists too. */
async function withoutGated(db: Db, rows: MatchRow[]): Promise<MatchRow[]> {
  const ids = rows.filter((r) => r.status_id).map((r) => r.status_id!);
  if (ids.length === 0) return rows;
  const hidden = await hiddenByGatesAmong(db, ids);
  return hidden.size ? rows.filter((r) => !r.status_id || !hidden.has(r.status_id)) : rows;
}

/** Only the ids loadMatches would answer (same filters, no text): what a feed's ETag is made of. */
export async function matchIds(db: Db, watchId: string, limit: number): Promise<string[]> {
  const withReviews = await hasReviews(db);
  const reviewJoin = withReviews ? sql`left join reviews r on r.id = m.review_id and r.status = 'published'` : sql``;
  const reviewKept = withReviews ? sql`(m.item_type <> 'review' or r.id is not null)` : sql`m.item_type <> 'review'`;
  const rows = await queryRows<{ item_id: string; status_id: string | null }>(
    db,
    sql`select m.item_id, m.status_id from watch_matches m left join statuses s on s.id = m.status_id ${reviewJoin} ${placeJoin} ${outsideJoin}
        where m.watch_id = ${watchId} and (m.item_type <> 'status' or s.id is not null) and ${reviewKept} and ${placeKept} and ${outsideKept}
          and (m.author_id is null or ${notFromHiddenDomain(null, sql`m.author_id`)})
        order by m.item_id desc limit ${limit}`,
  );
  return (await withoutGated(db, rows as MatchRow[])).map((r) => r.item_id);
}

const reviewTables = new WeakMap<object, boolean>();
/** Whether the e-reputation module's reviews table exists (it lands in its own migration). */
export async function hasReviews(db: Db): Promise<boolean> {
  const known = reviewTables.get(db);
  if (known !== undefined) return known;
  const [row] = await queryRows<{ ok: boolean }>(db, sql`select to_regclass('public.reviews') is not null as ok`);
  const ok = Boolean(row?.ok);
  if (ok) reviewTables.set(db, ok);
  return ok;
}

export function presentMatch(ctx: Pick<WatchesContext, 'config'>, m: MatchRow) {
  const url = matchUrl(ctx.config.publicUrl, m);
  return {
    id: m.item_id,
    type: m.item_type,
    status_id: m.status_id,
    review_id: m.review_id,
    url,
    text: m.text ?? '',
    language: m.language,
    remote: Boolean(m.author_domain),
    instance: m.author_domain,
    author: m.author_id
      ? {
          id: m.author_id,
          username: m.author_username,
          display_name: m.author_display_name,
          reach: Number(m.author_reach),
        }
      : null,
    sentiment: { label: m.sentiment, score: Number(m.sentiment_score) },
    // An outside item's source, as the brand named it; absent for items of ours.
    ...(m.item_type === 'outside' && m.source_id ? { source: { id: m.source_id, name: m.source_name ?? '' } } : {}),
    created_at: new Date(m.item_created_at).toISOString(),
    matched_at: new Date(m.matched_at).toISOString(),
  };
}
