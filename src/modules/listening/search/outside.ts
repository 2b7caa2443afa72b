/**
 * Search over items read from outside sources (listening/sources): a brand's listening data, not
 * public. Only a member of a brand's team finds them, only from the sources their brands listen
 * to, and only when asking for them (`include=outside`); anonymous visitors and everyone else
 * never do (so the page cache for logged-out visitors never holds one).
 *
 * Words, phrases, OR, exclusions, lang:, since:, until: read the item as watches do (the item's
 * title and text in its language, its publication date). `#tag` and `@handle` look for the tag
 * or the mention of an existing account in the text; from:, has: and rating: find nothing here.
 * Newest first (the GIN index of migration 0046 answers the words).
 */
import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '../../../db/client';
import { whereOf, type Target } from './compile';
import type { ParsedQuery } from './query';
import { outsideHeadlines, type Segment } from './service';

export const includeOptions = ['outside'] as const;

export type OutsideHit = {
  id: string;
  /** The item's page out there (web links only). */
  url: string | null;
  title: string;
  language: string | null;
  publishedAt: Date;
  /** The viewer's brand listening to it, and that brand's name for the source. */
  source: { id: string; name: string };
  brand: { id: string; username: string };
  highlight: Segment[];
};

// The handle or tag comes from the query parser (letters, digits, underscore): escaped all the same.
const reEscape = (s: string) => s.replace(/[\\^$.*+?()[\]{}|-]/g, '\\$&');
const inText = (token: string) =>
  sql`(d.title || ' ' || d.text) ~* ${`(^|[^[:alnum:]_@])${reEscape(token)}($|[^[:alnum:]_@])`}`;

/** Outside items aliased `d`, as search's compiler reads them. */
const searchTarget: Target = {
  tsv: sql`comptoir_tsv(d.language, d.title || ' ' || d.text)`,
  predicate(node) {
    if (node.kind === 'tag') return inText(`#${node.tag}`);
    if (node.kind === 'mention')
      return sql`(${inText(`@${node.handle}`)} and exists (select 1 from accounts a where lower(a.username) = ${node.handle}))`;
    return null;
  },
};

function filters(q: ParsedQuery): SQL {
  if (q.rating) return sql`false`;
  const parts: SQL[] = [sql`true`];
  if (q.lang) parts.push(sql`d.language = ${q.lang}`);
  if (q.since) parts.push(sql`d.published_at >= ${q.since.toISOString()}`);
  if (q.until) parts.push(sql`d.published_at < ${q.until.toISOString()}`);
  return sql.join(parts, sql` and `);
}

const webLink = (url: string | null) => (url && /^https?:\/\//i.test(url) ? url : null);

/** The viewer's brands' outside items matching the query, newest first. */
export async function searchOutsideItems(
  db: Db,
  q: ParsedQuery,
  o: { viewerId: string | null | undefined; limit: number; offset?: number },
): Promise<OutsideHit[]> {
  if (!o.viewerId) return [];
  const listened = sql`(select bs.source_id from brand_sources bs
      join brand_members bm on bm.brand_id = bs.brand_id and bm.account_id = ${o.viewerId})`;
  const rows = await queryRows<{
    id: string;
    url: string | null;
    title: string;
    language: string | null;
    published_at: Date | string;
    source_id: string;
    source_name: string;
    brand_id: string;
    brand_username: string;
  }>(
    db,
    sql`select d.id, d.url, d.title, d.language, d.published_at, s.id as source_id, s.name as source_name,
          b.id as brand_id, b.username as brand_username
        from outside_items d
        join lateral (select bs.id, bs.name, bs.brand_id from brand_sources bs
                      join brand_members bm on bm.brand_id = bs.brand_id and bm.account_id = ${o.viewerId}
                      where bs.source_id = d.source_id order by bs.id limit 1) s on true
        join accounts b on b.id = s.brand_id
        where d.source_id in ${listened} and ${filters(q)} and ${whereOf(q, searchTarget)}
        order by d.published_at desc, d.id desc limit ${o.limit} offset ${o.offset ?? 0}`,
  );
  const marks = await outsideHeadlines(
    { db },
    q,
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({
    id: r.id,
    url: webLink(r.url),
    title: r.title,
    language: r.language,
    publishedAt: new Date(r.published_at),
    source: { id: r.source_id, name: r.source_name },
    brand: { id: r.brand_id, username: r.brand_username },
    highlight: marks.get(r.id) ?? [],
  }));
}
