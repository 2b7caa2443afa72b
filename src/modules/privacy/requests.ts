/**
 * A person's privacy request, told to every brand concerned: the brands they ordered from, wrote
 * to through the inbox or reviewed. Each brand gets a `privacy_requests` row (its privacy page
 * lists them) and the webhook `customer.redact` or `customer.data_request`, like Shopify's.
 * Payloads name the customer by account id and orders only: no e-mail or name leaves with them.
 */
import { sql } from 'drizzle-orm';
import { arrayLiteral, pgArray, queryRows, type Db, type DbOrTx } from '../../db/client';
import { uuidv7 } from '../../db/ids';
import { enqueue } from '../../jobs/queue';
import { fanOutWebhooks } from '../commerce';
import type { PrivacyRequestKind } from './schema';

/** Records the request for each brand concerned, in the caller's transaction; returns the rows' ids. */
export async function recordPrivacyRequest(
  tx: DbOrTx,
  input: { kind: PrivacyRequestKind; accountId: string; at: Date },
): Promise<string[]> {
  const brands = await queryRows<{ brand_id: string; order_ids: string[] | string }>(
    tx,
    sql`select b.brand_id, coalesce(array_agg(o.id order by o.id) filter (where o.id is not null), '{}') as order_ids
          from (select brand_id from orders where buyer_id = ${input.accountId}
                union select brand_id from inbox_conversations where customer_id = ${input.accountId}
                union select brand_id from reviews where author_id = ${input.accountId}) b
          left join orders o on o.brand_id = b.brand_id and o.buyer_id = ${input.accountId}
         group by b.brand_id`,
  );
  const ids: string[] = [];
  for (const brand of brands) {
    const id = uuidv7(input.at.getTime());
    await queryRows(
      tx,
      sql`insert into privacy_requests (id, brand_id, account_id, kind, order_ids, requested_at)
          values (${id}, ${brand.brand_id}, ${input.accountId}, ${input.kind}, ${arrayLiteral(pgArray(brand.order_ids))}::uuid[], ${input.at.toISOString()}::timestamptz)`,
    );
    await enqueue(tx, 'privacy.request', { requestId: id });
    ids.push(id);
  }
  return ids;
}

/** Job `privacy.request`: the brand's webhook `customer.redact` or `customer.data_request` (safe to run again). */
export async function announcePrivacyRequest(db: Db, requestId: string): Promise<void> {
  const [row] = await queryRows<{
    brand_id: string;
    account_id: string | null;
    kind: PrivacyRequestKind;
    order_ids: string[] | string;
    requested_at: string | Date;
  }>(db, sql`select brand_id, account_id, kind, order_ids, requested_at from privacy_requests where id = ${requestId}`);
  if (!row) return;
  const orderIds = pgArray(row.order_ids);
  const customer = { id: row.account_id };
  const data =
    row.kind === 'redact'
      ? { request: { id: requestId }, customer, orders_to_redact: orderIds }
      : { request: { id: requestId }, customer, orders_requested: orderIds };
  await fanOutWebhooks(db, {
    brandId: row.brand_id,
    event: row.kind === 'redact' ? 'customer.redact' : 'customer.data_request',
    eventId: requestId,
    data,
    createdAt: new Date(row.requested_at),
  });
}
