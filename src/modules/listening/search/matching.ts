/**
 * Which of some given documents a query matches, with search's own semantics: what search would
 * show an anonymous visitor (public posts and replies, published reviews). Watches use this to
 * test each new item against their saved queries.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../../db/client';
import { isUuid } from '../../../db/ids';
import { whereOf } from './compile';
import { reviewFilters, reviewTarget, statusFilters, statusTarget } from './documents';
import type { ParsedQuery } from './query';

const uuids = (ids: string[]) => [...new Set(ids.filter((id) => isUuid(id)).map((id) => id.toLowerCase()))];

export async function statusesMatching(db: DbOrTx, statusIds: string[], query: ParsedQuery): Promise<Set<string>> {
  const ids = uuids(statusIds);
  if (ids.length === 0) return new Set();
  const rows = await queryRows<{ id: string }>(
    db,
    sql`select d.status_id as id from status_search d
        where d.status_id in ${ids} and ${statusFilters(query)} and ${whereOf(query, statusTarget)}`,
  );
  return new Set(rows.map((r) => r.id));
}

export async function reviewsMatching(db: DbOrTx, reviewIds: string[], query: ParsedQuery): Promise<Set<string>> {
  const ids = uuids(reviewIds);
  if (ids.length === 0) return new Set();
  const rows = await queryRows<{ id: string }>(
    db,
    sql`select r.id from reviews r where r.id in ${ids} and ${reviewFilters(query)} and ${whereOf(query, reviewTarget)}`,
  );
  return new Set(rows.map((r) => r.id));
}
