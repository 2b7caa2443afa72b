/**
 * What a notification from another module is about, in words: the product of an order, of a
 * review or of a review invitation, the watch of an alert. Those tables belong to other modules,
 * so they are named in SQL only (docs/architecture.md); one query per page, whatever its length.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../db/client';
import type { NotificationType } from './schema';

type Row = { id: string; type: NotificationType; subjectId: string | null; detail: string | null };

/** Notification id -> the name of what it is about (a product's title, a watch's name). */
export async function notificationSubjects(db: DbOrTx, rows: Row[]): Promise<Map<string, string>> {
  const wanted = rows.filter((n) => n.subjectId && ['order', 'review', 'watch', 'place'].includes(n.type));
  if (wanted.length === 0) return new Map();
  const values = sql.join(
    wanted.map((n) => sql`(${n.id}::uuid, ${n.type}, ${n.subjectId}::uuid, ${n.detail ?? ''})`),
    sql`, `,
  );
  // An order's subject is the order, or for reply-to-buy notices the buyer's reply (whose parent
  // post carries the product); a review's is the order line (invitation) or the review itself.
  const found = await queryRows<{ id: string; label: string | null }>(
    db,
    sql`select n.id,
          case n.type
            when 'order' then coalesce(
              (select string_agg(l.title, ', ' order by l.title) from order_lines l where l.order_id = n.subject),
              (select string_agg(p.title, ', ' order by sp.position) from statuses s
                 join status_products sp on sp.status_id = s.in_reply_to_id
                 join products p on p.id = sp.product_id
                where s.id = n.subject))
            when 'review' then coalesce(
              (select l.title from order_lines l where l.id = n.subject),
              (select p.title from reviews r join products p on p.id = r.product_id where r.id = n.subject))
            when 'watch' then (select w.name from watches w where w.id = n.subject)
            when 'place' then (select pl.name from places pl where pl.id = n.subject)
          end as label
        from (values ${values}) as n(id, type, subject, detail)`,
  );
  return new Map(found.filter((r) => r.label).map((r) => [r.id, r.label!]));
}
