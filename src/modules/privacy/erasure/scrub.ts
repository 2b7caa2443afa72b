/**
 * The rows a closed account leaves that are kept for someone else (a brand's orders, its inbox,
 * its ambassador ledger), scrubbed of the person's data in place. Each step is safe to run again.
 * docs/account-deletion.md lists what each keeps and why.
 */
import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../../db/client';

/** What replaces a person's own words in a conversation a brand keeps. */
export const ERASED_TEXT = '[deleted]';

/** Media files the person's rows point at, gathered before the rows go (the files go after). */
export async function filesOf(db: DbOrTx, accountId: string): Promise<string[]> {
  const rows = await queryRows<{ path: string | null }>(
    db,
    sql`select path from media_attachments where account_id = ${accountId}
        union all select preview_path from media_attachments where account_id = ${accountId}
        union all select p.path from review_photos p join reviews r on r.id = p.review_id where r.author_id = ${accountId}
        union all select p.preview_path from review_photos p join reviews r on r.id = p.review_id where r.author_id = ${accountId}
        union all select jsonb_array_elements_text(rr.photo_paths) from return_requests rr join orders o on o.id = rr.order_id
                  where o.buyer_id = ${accountId} and jsonb_typeof(rr.photo_paths) = 'array'`,
  );
  return rows.flatMap((r) => (r.path ? [r.path] : []));
}

/**
 * In-place scrubs, in order. Orders keep what the invoice needs (art. L123-22 of the commercial
 * code: ten years): lines, amounts, VAT, the shipping snapshot's name and postal address; the
 * snapshot's phone, the tracking number, the return requests' words and photos go.
 */
export const scrubs = (accountId: string): { name: string; statement: SQL }[] => [
  {
    name: 'orders',
    // The snapshot keeps its shape (clients read every key): the phone becomes empty.
    statement: sql`update orders set tracking_number = null,
        shipping_address = case when shipping_address ? 'phone'
          then jsonb_set(shipping_address, '{phone}', '""'::jsonb) else shipping_address end
      where buyer_id = ${accountId}
        and (tracking_number is not null or coalesce(shipping_address ->> 'phone', '') <> '')`,
  },
  {
    // The order's history keeps its steps; the tracking number goes with the order's.
    name: 'order_events',
    statement: sql`update order_events set data = data - 'tracking_number'
      where order_id in (select id from orders where buyer_id = ${accountId}) and data ? 'tracking_number'`,
  },
  {
    name: 'return_requests',
    statement: sql`update return_requests set reason = ${ERASED_TEXT}, photo_paths = '[]'::jsonb
      where order_id in (select id from orders where buyer_id = ${accountId}) and reason <> ${ERASED_TEXT}`,
  },
  {
    name: 'inbox_messages',
    statement: sql`update inbox_messages m set text = ${ERASED_TEXT}, channel_ref = null
      from inbox_conversations c
      where c.id = m.conversation_id and c.customer_id = ${accountId}
        and (m.author_id = ${accountId} or m.author_role = 'customer') and m.text <> ${ERASED_TEXT}`,
  },
  {
    name: 'inbox_conversations',
    statement: sql`update inbox_conversations set subject = ${ERASED_TEXT}, rating_comment = null
      where customer_id = ${accountId} and (subject is distinct from ${ERASED_TEXT} or rating_comment is not null)`,
  },
  {
    name: 'presale_pledges',
    statement: sql`update presale_pledges set idempotency_key = null, request_hash = null
      where account_id = ${accountId} and (idempotency_key is not null or request_hash is not null)`,
  },
  {
    // The ambassador row stays while the brand's ledger points at it; the person's words go.
    name: 'ambassadors',
    statement: sql`update ambassadors set message = '' where account_id = ${accountId} and message <> ''`,
  },
  {
    name: 'ambassador_visits',
    statement: sql`update ambassador_visits set account_id = null, visitor = null where account_id = ${accountId}`,
  },
  { name: 'funnel_reach_seen', statement: sql`delete from funnel_reach_seen where viewer = ${accountId}` },
  { name: 'idempotency_keys', statement: sql`delete from idempotency_keys where principal = ${accountId}` },
  {
    name: 'rate_limits',
    statement: sql`delete from rate_limits where bucket like ${`%${accountId}%`}`,
  },
  {
    // Past deliveries that carried the customer's data (order events name the buyer and the address).
    name: 'webhook_deliveries',
    statement: sql`delete from webhook_deliveries where status <> 'pending'
      and event not in ('customer.redact', 'customer.data_request') and payload::text like ${`%${accountId}%`}`,
  },
  {
    // Finished jobs whose payload named the person (their acts, their posts' deliveries).
    name: 'jobs',
    statement: sql`delete from jobs where done_at is not null and payload::text like ${`%${accountId}%`}`,
  },
  {
    name: 'moderation_items',
    statement: sql`update moderation_items set appeal_text = null, note = null
      where subject_id in (select id from reviews where author_id = ${accountId})`,
  },
];
