/**
 * Who reads a funnel, and a brand's list of funnels. A funnel is read by the team of the brand it
 * belongs to (permission analytics.read; for a post, the brand of a product attached to it);
 * anyone else, the post's author outside the team included, is told it does not exist.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { queryRows } from '../../../db/client';
import { DomainError } from '../../../lib/errors';
import { parisDay } from '../../../lib/paris';
import { can } from '../../accounts';
import { funnelSubjects, type FunnelSubject } from '../metrics';
import { funnelNow } from './reach';
import { brandCurrency, funnelOfSubject, rangeOf, subjectOf, type Funnel } from './read';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const notFound = () => new DomainError('not_found', 'not_found', 'No such funnel');

export function parseKind(raw: string | undefined): FunnelSubject {
  if (!raw || !(funnelSubjects as readonly string[]).includes(raw))
    throw new DomainError('unprocessable', 'invalid_kind', `kind: one of ${funnelSubjects.join(', ')}`, {
      field: 'kind',
    });
  return raw as FunnelSubject;
}

/** The funnel of one subject as this viewer may read it; `brandId` when the route names a brand. */
export async function readFunnel(
  ctx: { db: Db; reads?: Db },
  viewerId: string,
  subject: { kind: FunnelSubject; id: string; brandId?: string },
  range: { from?: string; to?: string },
): Promise<Funnel> {
  if (!UUID.test(subject.id)) throw notFound();
  const s = await subjectOf(ctx.db, subject.kind, subject.id);
  if (!s || (subject.brandId && s.brandId !== subject.brandId)) throw notFound();
  if (!(await can(ctx, viewerId, s.brandId, 'analytics.read'))) throw notFound();
  // Who may read is asked of the primary; the figures may be a few seconds old (the read replica).
  return funnelOfSubject(ctx.reads ?? ctx.db, s, rangeOf(s, range.from, range.to));
}

/** The brand's team with analytics.read, else not found (the brand's existence is not told either). */
export async function assertReader(ctx: { db: Db }, viewerId: string, brandId: string): Promise<void> {
  if (!(await can(ctx, viewerId, brandId, 'analytics.read'))) throw notFound();
}

export type FunnelListRow = {
  kind: FunnelSubject;
  id: string;
  title: string;
  reached: number;
  card_opens: number;
  buy_clicks: number;
  checkouts: number;
  orders: number;
  revenue: number;
};
export const listSorts = ['revenue', 'orders', 'reached', 'checkouts'] as const;
export type ListSort = (typeof listSorts)[number];

/** Every funnel of a brand with its totals over a range, best first by `sort` (at most 500). */
export async function brandFunnels(
  ctx: { db: Db; reads?: Db },
  brandId: string,
  options: { from?: string; to?: string; sort?: ListSort },
): Promise<{ rows: FunnelListRow[]; currency: string; from: string; to: string }> {
  // Without a start, the 90 days up to the end (calendar days: no hours are added).
  const end = options.to ?? parisDay(funnelNow());
  const endMs = Date.parse(`${end}T00:00:00Z`);
  const start = Number.isNaN(endMs) ? end : new Date(endMs - 89 * 86_400_000).toISOString().slice(0, 10);
  const range = rangeOf({ since: start }, options.from, end);
  const sort = options.sort ?? 'revenue';
  const rows = await queryRows<FunnelListRow & Record<string, unknown>>(
    // The brand's list of funnels may be a few seconds old (the read replica); callers checked who reads.
    ctx.reads ?? ctx.db,
    sql`with subjects as (
          select 'status' as kind, s.id, left(s.text, 80) as title from statuses s
          where s.id in (select sp.status_id from status_products sp join products p on p.id = sp.product_id
                         where p.brand_id = ${brandId})
          union all select 'popup', id, title from popups where brand_id = ${brandId}
          union all select 'campaign', id, label from price_rules where brand_id = ${brandId}
          union all select 'campaign', ps.id, p.title from presales ps join products p on p.id = ps.product_id
                    where ps.brand_id = ${brandId}
          union all select 'link', id, '/r/' || code from ambassador_links where brand_id = ${brandId}),
        sums as (
          select c.subject_kind, c.subject_id,
                 sum(case when metric = 'reached' then value else 0 end) as reached,
                 sum(case when metric = 'card_opens' then value else 0 end) as card_opens,
                 sum(case when metric = 'buy_clicks' then value else 0 end) as buy_clicks,
                 sum(case when metric = 'checkouts' then value else 0 end) as checkouts,
                 sum(case when metric = 'orders' then value else 0 end) as orders,
                 sum(case when metric = 'revenue' then value else 0 end) as revenue
          from analytics_counts c join subjects s on s.kind = c.subject_kind and s.id = c.subject_id
          where c.day between ${range.from}::date and ${range.to}::date
          group by 1, 2)
        select s.kind, s.id, s.title, coalesce(m.reached, 0) as reached, coalesce(m.card_opens, 0) as card_opens,
               coalesce(m.buy_clicks, 0) as buy_clicks, coalesce(m.checkouts, 0) as checkouts,
               coalesce(m.orders, 0) as orders, coalesce(m.revenue, 0) as revenue
        from subjects s left join sums m on m.subject_kind = s.kind and m.subject_id = s.id
        order by ${sql.raw(sort)} desc, s.kind, s.id desc
        limit 500`,
  );
  const numeric = ['reached', 'card_opens', 'buy_clicks', 'checkouts', 'orders', 'revenue'] as const;
  return {
    rows: rows.map((r) => ({ ...r, ...Object.fromEntries(numeric.map((k) => [k, Number(r[k])])) }) as FunnelListRow),
    currency: await brandCurrency(ctx.db, brandId),
    ...range,
  };
}

export function parseSort(raw: string | undefined): ListSort {
  if (raw === undefined || raw === '') return 'revenue';
  if (!(listSorts as readonly string[]).includes(raw))
    throw new DomainError('unprocessable', 'invalid_sort', `sort: one of ${listSorts.join(', ')}`, { field: 'sort' });
  return raw as ListSort;
}
