/**
 * Topics in the site search: published topics matching the query (title and text, with the
 * search page's query language and stemmings, index community_topics_search_idx), from spaces
 * the viewer may read: a members-only space's topics are found by its members only (the one
 * visibility test of access.ts). Authors the viewer blocked or muted, or who blocked them, are
 * left out (social's rule). Registered as a search page section by src/links/community-spaces.ts.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../../db/client';
import { excerpt } from '../../../lib/text';
import { queryCondition, type ParsedQuery } from '../../listening';
import { authorVisibleTo } from '../../social';
import { spaceReadableBy } from './access';
import { topicPath } from './present';

export type TopicHit = { id: string; title: string; text: string; spaceName: string; brandName: string; url: string };

const TSV = sql`comptoir_tsv(t.language, t.title || ' ' || t.text)`;

export async function searchTopics(
  db: Db,
  q: ParsedQuery,
  o: { viewerId: string | null; limit?: number },
): Promise<TopicHit[]> {
  if (!q.root || q.rating) return [];
  const limit = Math.min(Math.max(o.limit ?? 20, 1), 40);
  const rows = await queryRows<{ id: string; title: string; text: string; space_name: string; brand_name: string }>(
    db,
    sql`select t.id, t.title, t.text, s.name as space_name,
          coalesce(nullif(b.display_name, ''), b.username) as brand_name
        from community_topics t join community_spaces s on s.id = t.space_id join accounts b on b.id = s.brand_id
        where t.status = 'published' and ${queryCondition(q, TSV)} and ${spaceReadableBy(o.viewerId)}
          and ${authorVisibleTo(o.viewerId, sql`t.author_id`, { mutes: true })}
          ${q.lang ? sql`and t.language = ${q.lang}` : sql``}
          ${q.since ? sql`and t.created_at >= ${q.since.toISOString()}` : sql``}
          ${q.until ? sql`and t.created_at < ${q.until.toISOString()}` : sql``}
        order by t.id desc limit ${limit}`,
  );
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    text: excerpt(r.text, 200),
    spaceName: r.space_name,
    brandName: r.brand_name,
    url: topicPath(r.id),
  }));
}
