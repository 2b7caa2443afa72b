/**
 * The kinds of documents search reads, as compiler targets (compile.ts): their text-search
 * vector (matching the indexes of migrations/0009_search.sql exactly) and their predicates,
 * plus the filters (lang:, since:, until:, rating:) each kind understands.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Target } from './compile';
import type { ParsedQuery } from './query';

const accountByHandle = (handle: string) => sql`(select a.id from accounts a where lower(a.username) = ${handle})`;

/** Public posts and replies: rows of status_search, aliased `d`. */
export const statusTarget: Target = {
  tsv: sql`d.tsv`,
  predicate(node) {
    switch (node.kind) {
      case 'tag':
        return sql`exists (select 1 from status_tags t where t.tag = ${node.tag} and t.status_id = d.status_id)`;
      case 'mention':
        return sql`exists (select 1 from status_mentions m where m.status_id = d.status_id and m.account_id in ${accountByHandle(node.handle)})`;
      case 'from':
        return sql`d.account_id in ${accountByHandle(node.handle)}`;
      case 'has':
        return node.what === 'product'
          ? sql`exists (select 1 from status_products p where p.status_id = d.status_id)`
          : sql`exists (select 1 from media_attachments m where m.status_id = d.status_id)`;
    }
  },
};

/** Filters of a query on posts; a rating: filter means reviews only, so no post matches. */
export function statusFilters(q: ParsedQuery): SQL {
  if (q.rating) return sql`false`;
  // Posts moderation hid (held or rejected) are not public.
  const parts: SQL[] = [sql`not exists (select 1 from moderation_hidden_statuses h where h.status_id = d.status_id)`];
  if (q.lang) parts.push(sql`d.language = ${q.lang}`);
  if (q.since) parts.push(sql`d.created_at >= ${q.since.toISOString()}`);
  if (q.until) parts.push(sql`d.created_at < ${q.until.toISOString()}`);
  return sql.join(parts, sql` and `);
}

/** Published reviews, aliased `r` (the reviews table of the reputation module). */
export const reviewTsv = sql`comptoir_tsv(r.language, coalesce(r.title, '') || ' ' || r.body)`;
export const reviewTarget: Target = {
  tsv: reviewTsv,
  predicate(node) {
    if (node.kind === 'from') return sql`r.author_id in ${accountByHandle(node.handle)}`;
    // @brand on a review: reviews of that brand.
    if (node.kind === 'mention') return sql`r.brand_id in ${accountByHandle(node.handle)}`;
    return null;
  },
};

export function reviewFilters(q: ParsedQuery): SQL {
  const parts: SQL[] = [sql`r.status = 'published'`];
  if (q.lang) parts.push(sql`r.language = ${q.lang}`);
  if (q.since) parts.push(sql`r.published_at >= ${q.since.toISOString()}`);
  if (q.until) parts.push(sql`r.published_at < ${q.until.toISOString()}`);
  if (q.rating) parts.push(sql`r.rating ${sql.raw(q.rating.op)} ${q.rating.value}`);
  return sql.join(parts, sql` and `);
}

/** Published products, aliased `p`; from:brand finds a brand's products. */
export const productTsv = sql`comptoir_tsv(NULL, p.title || ' ' || p.description)`;
export const productTarget: Target = {
  tsv: productTsv,
  predicate(node) {
    if (node.kind === 'from' || node.kind === 'mention') return sql`p.brand_id in ${accountByHandle(node.handle)}`;
    return null;
  },
};

export function productFilters(q: ParsedQuery): SQL {
  if (q.rating) return sql`false`;
  const parts: SQL[] = [sql`p.status = 'published'`];
  if (q.since) parts.push(sql`p.created_at >= ${q.since.toISOString()}`);
  if (q.until) parts.push(sql`p.created_at < ${q.until.toISOString()}`);
  return sql.join(parts, sql` and `);
}

/** Accounts (people and brand pages), aliased `a`; @handle names one. */
export const accountTsv = sql`comptoir_tsv(NULL, a.username || ' ' || a.display_name || ' ' || a.note)`;
export const accountTarget: Target = {
  tsv: accountTsv,
  predicate(node) {
    if (node.kind === 'mention' || node.kind === 'from') return sql`lower(a.username) = ${node.handle}`;
    return null;
  },
};

export function accountFilters(q: ParsedQuery): SQL {
  // Accounts have no language or date a query could mean; rating: is for reviews.
  return q.rating || q.lang || q.since || q.until ? sql`false` : sql`true`;
}
