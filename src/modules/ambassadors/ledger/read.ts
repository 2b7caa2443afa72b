/**
 * Reading the ledger: balances (sums of entries, per ambassador), the movements list, who may
 * read it (the ambassador and the brand's owner/admins; anyone else: 404), and the earnings
 * page's counts (clicks, attributed orders). Brand roles through accounts' `can`.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Db, type DbOrTx } from '../../../db/client';
import { isUuid } from '../../../db/ids';
import { notFound } from '../../../lib/errors';
import { can } from '../../accounts';

export type Money = { amount: number; currency: string };
export type Balances = { pending: Money; payable: Money; paid: Money };
export type LedgerMember = { id: string; brandId: string; accountId: string; status: string; currency: string };

/** The ambassador (with their programme's currency), or null. */
export async function ledgerMember(db: DbOrTx, ambassadorId: string): Promise<LedgerMember | null> {
  if (!isUuid(ambassadorId)) return null;
  const [row] = await queryRows<{ id: string; brand_id: string; account_id: string; status: string; currency: string }>(
    db,
    sql`select a.id, a.brand_id, a.account_id, a.status, coalesce(p.currency, 'EUR') as currency
          from ambassadors a left join ambassador_programs p on p.brand_id = a.brand_id
         where a.id = ${ambassadorId.toLowerCase()}`,
  );
  return row
    ? { id: row.id, brandId: row.brand_id, accountId: row.account_id, status: row.status, currency: row.currency }
    : null;
}

/**
 * Who reads an ambassador's ledger: the ambassador themself or the brand's owner/admins
 * (ambassadors.manage). Anyone else, the community manager and staff included: 404.
 */
export async function ledgerReader(
  db: Db,
  viewerId: string,
  ambassadorId: string,
): Promise<{ member: LedgerMember; as: 'ambassador' | 'brand_manager' }> {
  const member = await ledgerMember(db, ambassadorId);
  if (!member) throw notFound('Ambassador');
  if (member.accountId === viewerId) return { member, as: 'ambassador' };
  if (await can({ db }, viewerId, member.brandId, 'ambassadors.manage')) return { member, as: 'brand_manager' };
  throw notFound('Ambassador');
}

/** The brand's owner/admins only (ambassadors.manage); anyone else: 404. */
export async function requireLedgerManager(db: Db, brandId: string, viewerId: string): Promise<void> {
  if (!isUuid(brandId) || !(await can({ db }, viewerId, brandId, 'ambassadors.manage'))) throw notFound('Brand');
}

/** Pending, payable and paid balances of each ambassador (zero when no entry), sums of their entries. */
export async function ledgerBalances(db: DbOrTx, ambassadorIds: string[]): Promise<Map<string, Balances>> {
  const ids = [...new Set(ambassadorIds.filter(isUuid).map((id) => id.toLowerCase()))];
  const out = new Map<string, Balances>();
  if (ids.length === 0) return out;
  const rows = await queryRows<{ id: string; currency: string; pending: number; payable: number; paid: number }>(
    db,
    sql`select a.id, coalesce(p.currency, 'EUR') as currency,
               coalesce((select sum(amount) from ambassador_ledger_entries e
                          where e.ambassador_id = a.id and e.account = 'pending'), 0)::int as pending,
               coalesce((select sum(amount) from ambassador_ledger_entries e
                          where e.ambassador_id = a.id and e.account = 'payable'), 0)::int as payable,
               coalesce((select sum(amount) from ambassador_ledger_entries e
                          where e.ambassador_id = a.id and e.account = 'paid'), 0)::int as paid
          from ambassadors a left join ambassador_programs p on p.brand_id = a.brand_id
         where a.id in (select unnest(${`{${ids.join(',')}}`}::uuid[]))`,
  );
  for (const r of rows) {
    const money = (amount: number) => ({ amount, currency: r.currency });
    out.set(r.id, { pending: money(r.pending), payable: money(r.payable), paid: money(r.paid) });
  }
  return out;
}

export type LedgerItem = {
  /** The movement (its txn id). */
  id: string;
  orderId: string;
  orderLineId: string;
  kind: 'earned' | 'matured' | 'reversed' | 'paid';
  /** As the ambassador sees it: earned +, matured + (now payable), reversed −, paid + (paid to them). */
  amount: Money;
  at: Date;
  title: string;
};

export const MAX_LEDGER_PAGE = 200;

/** An ambassador's movements, newest first; `before`: a movement id (the next page). */
export async function ledgerItems(
  db: DbOrTx,
  ambassadorId: string,
  options: { limit?: number; before?: string | null } = {},
): Promise<LedgerItem[]> {
  const limit = Math.min(Math.max(options.limit ?? 50, 1), MAX_LEDGER_PAGE);
  const before = options.before && isUuid(options.before) ? options.before.toLowerCase() : null;
  const rows = await queryRows<{
    id: string;
    order_id: string;
    order_line_id: string;
    kind: LedgerItem['kind'];
    amount: number;
    currency: string;
    at: string | Date;
    title: string | null;
  }>(
    db,
    sql`with moves as (
          select txn_id as id, min(order_id::text)::uuid as order_id, min(order_line_id::text)::uuid as order_line_id,
                 min(kind) as kind, min(currency) as currency, min(at) as at,
                 sum(case when account = 'brand' then -amount
                          when kind = 'matured' and account = 'payable' then amount
                          when kind = 'paid' and account = 'paid' then amount else 0 end)::int as amount
            from ambassador_ledger_entries where ambassador_id = ${ambassadorId}
           group by txn_id)
        select m.*, l.title from moves m left join order_lines l on l.id = m.order_line_id
         ${before ? sql`where (m.at, m.id) < (select at, id from moves where id = ${before})` : sql``}
         order by m.at desc, m.id desc limit ${limit}`,
  );
  return rows.map((r) => ({
    id: r.id,
    orderId: r.order_id,
    orderLineId: r.order_line_id,
    kind: r.kind,
    amount: { amount: r.amount, currency: r.currency },
    at: new Date(r.at),
    title: r.title ?? '',
  }));
}

/** The earnings page's counts: clicks on the ambassador's links, attributed orders (excluded ones apart). */
export async function ambassadorActivity(
  db: DbOrTx,
  ambassadorId: string,
): Promise<{ clicks: number; orders: number; excluded: number }> {
  const [row] = await queryRows<{ clicks: number; orders: number; excluded: number }>(
    db,
    sql`select (select count(*) from ambassador_visits where ambassador_id = ${ambassadorId})::int as clicks,
               (select count(*) from order_attributions a join orders o on o.id = a.order_id
                 where a.ambassador_id = ${ambassadorId} and a.excluded is null and o.paid_at is not null)::int as orders,
               (select count(*) from order_attributions
                 where ambassador_id = ${ambassadorId} and excluded is not null)::int as excluded`,
  );
  return row ?? { clicks: 0, orders: 0, excluded: 0 };
}
