/**
 * A brand's privacy requests (GDPR) as its owners and admins see them: a customer's erasure or
 * data request, the customer's orders with the brand, and whether the team has applied it in its
 * own tools (accounting, e-mailing). Anyone else, team members of lesser roles included, is told
 * the brand does not exist (404), as on the other back-office pages.
 */
import { sql } from 'drizzle-orm';
import type { AppContext } from '../../../context';
import { pgArray, queryRows } from '../../../db/client';
import { isUuid } from '../../../db/ids';
import { notFound } from '../../../lib/errors';
import { findBrand, getAccounts, roleAllows, roleIn, type Account } from '../../accounts';
import { toCsv } from '../../commerce';
import type { PrivacyRequestKind } from '../schema';

type Ctx = Pick<AppContext, 'db' | 'clock'>;

export type BrandPrivacyRequest = {
  id: string;
  kind: PrivacyRequestKind;
  /** The customer's account id; null once their account is erased. */
  accountId: string | null;
  orderIds: string[];
  requestedAt: Date;
  doneAt: Date | null;
};

/** The brand (by id or username) when the viewer may see its privacy requests; otherwise 404. */
export async function privacyBrand(ctx: Ctx, viewerId: string, brandRef: string): Promise<Account> {
  const brand = isUuid(brandRef)
    ? ((await getAccounts(ctx, [brandRef.toLowerCase()])).get(brandRef.toLowerCase()) ?? null)
    : await findBrand(ctx, brandRef);
  if (brand?.kind !== 'brand' || brand.domain) throw notFound('Brand');
  const role = brand.id === viewerId ? 'owner' : await roleIn(ctx, brand.id, viewerId);
  if (!roleAllows(role, 'privacy.requests')) throw notFound('Brand');
  return brand;
}

type RequestRow = {
  id: string;
  kind: PrivacyRequestKind;
  account_id: string | null;
  order_ids: string[] | string;
  requested_at: string | Date;
  done_at: string | Date | null;
};

const presentRow = (r: RequestRow): BrandPrivacyRequest => ({
  id: r.id,
  kind: r.kind,
  accountId: r.account_id,
  orderIds: pgArray(r.order_ids),
  requestedAt: new Date(r.requested_at),
  doneAt: r.done_at ? new Date(r.done_at) : null,
});

/** The brand's requests, newest first (keyset on the id: `before`). */
export async function listBrandPrivacyRequests(
  ctx: Ctx,
  viewerId: string,
  brandRef: string,
  options: { before?: string; limit?: number; open?: boolean } = {},
): Promise<{ brand: Account; requests: BrandPrivacyRequest[] }> {
  const brand = await privacyBrand(ctx, viewerId, brandRef);
  const limit = Math.min(Math.max(options.limit ?? 100, 1), 1000);
  const before = options.before && isUuid(options.before) ? options.before : null;
  const rows = await queryRows<RequestRow>(
    ctx.db,
    sql`select id, kind, account_id, order_ids, requested_at, done_at from privacy_requests
         where brand_id = ${brand.id} ${before ? sql`and id < ${before}` : sql``}
           ${options.open ? sql`and done_at is null` : sql``}
         order by id desc limit ${limit}`,
  );
  return { brand, requests: rows.map(presentRow) };
}

/** Marks one of the brand's requests as applied (again: no change); another brand's is a 404. */
export async function markPrivacyRequestDone(
  ctx: Ctx,
  viewerId: string,
  brandRef: string,
  requestId: string,
): Promise<BrandPrivacyRequest> {
  const brand = await privacyBrand(ctx, viewerId, brandRef);
  if (!isUuid(requestId)) throw notFound('Privacy request');
  const now = ctx.clock.now();
  await queryRows(
    ctx.db,
    sql`update privacy_requests set done_at = ${now.toISOString()}::timestamptz
         where id = ${requestId} and brand_id = ${brand.id} and done_at is null`,
  );
  return oneRequest(ctx, brand.id, requestId);
}

async function oneRequest(ctx: Ctx, brandId: string, requestId: string): Promise<BrandPrivacyRequest> {
  const [r] = await queryRows<RequestRow>(
    ctx.db,
    sql`select id, kind, account_id, order_ids, requested_at, done_at from privacy_requests
         where id = ${requestId} and brand_id = ${brandId}`,
  );
  if (!r) throw notFound('Privacy request');
  return presentRow(r);
}

/** The list as CSV for the brand's own tools (ids and dates only: no personal data leaves here). */
export async function privacyRequestsCsv(ctx: Ctx, viewerId: string, brandRef: string): Promise<string> {
  const { requests } = await listBrandPrivacyRequests(ctx, viewerId, brandRef, { limit: 1000 });
  return toCsv([
    ['id', 'kind', 'customer_id', 'order_ids', 'requested_at', 'done_at'],
    ...requests.map((r) => [r.id, r.kind, r.accountId ?? '', r.orderIds.join(' '), r.requestedAt, r.doneAt ?? '']),
  ]);
}
