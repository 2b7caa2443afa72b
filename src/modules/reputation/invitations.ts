/**
 * Invitations to review after delivery: when an order is delivered (commerce's order step
 * listener, in the step's transaction) the job `review.invite` is enqueued, due at delivery or
 * the brand's chosen number of days later (moderation policy); it writes one
 * invitation per order line (primary key: the line), an in-app notification with each, and one
 * e-mail per order listing the lines. Every buyer is invited, whatever they think of the order:
 * nothing here looks at ratings, returns or complaints (French law forbids inviting only
 * satisfied customers). The wording is neutral.
 *
 * Idempotent: invitations are inserted with ON CONFLICT DO NOTHING and notified in the same
 * transaction; the e-mail goes to lines whose `sent_at` is still empty, keyed by the order and
 * those lines, so a run repeated after a crash writes the same outbox file, then marks them sent.
 */
import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Config } from '../../config';
import { queryRows, type Db, type DbOrTx } from '../../db/client';
import { enqueue } from '../../jobs/queue';
import { nowOf, type Clock } from '../../lib/clock';
import type { Mailer } from '../../lib/mailer';
import { publishNotifications } from '../social';
import type { EventBus } from '../../lib/events';
import { translator } from '../../web/i18n';
import { policyFor } from '../moderation';
import { notifyReview } from './decisions';

export type InvitationContext = {
  db: Db;
  config: Pick<Config, 'publicUrl'>;
  events: Pick<EventBus, 'publish'>;
  mailer: Mailer;
};

/**
 * commerce order step listener: a delivered order gets its invitations job in the same
 * transaction, due when the brand's policy says (days after delivery, so the product can be tried).
 */
export async function onOrderStep(
  ctx: { clock?: Clock },
  tx: DbOrTx,
  order: { id: string; brandId: string },
  step: string,
) {
  if (step !== 'delivered') return;
  const { reviewInvitationDelayDays: days } = await policyFor(tx, order.brandId);
  await enqueue(
    tx,
    'review.invite',
    { orderId: order.id },
    days > 0 ? new Date(nowOf(ctx).getTime() + days * 86_400_000) : undefined,
  );
}

type Line = {
  line_id: string;
  product_id: string;
  title: string;
  buyer_id: string;
  brand_id: string;
  brand_name: string;
  sent_at: Date | null;
  reviewed: boolean;
};

export async function sendInvitations(
  ctx: InvitationContext,
  job: { orderId: string },
): Promise<{ invited: number; mailed: number }> {
  const created = await ctx.db.transaction(async (tx) => {
    const [order] = await queryRows<{ buyer_id: string; brand_id: string }>(
      tx,
      sql`select buyer_id, brand_id from orders where id = ${job.orderId} and delivered_at is not null`,
    );
    if (!order) return [];
    const rows = await queryRows<{ order_line_id: string }>(
      tx,
      sql`insert into review_invitations (order_line_id, order_id, buyer_id, product_id, review_id)
          select ol.id, ol.order_id, ${order.buyer_id}, ol.product_id, (select r.id from reviews r where r.order_line_id = ol.id)
          from order_lines ol where ol.order_id = ${job.orderId}
          on conflict (order_line_id) do nothing
          returning order_line_id`,
    );
    const notified: { id: string | null; accountId: string }[] = [];
    for (const r of rows)
      notified.push({
        id: await notifyReview(tx, {
          accountId: order.buyer_id,
          brandId: order.brand_id,
          subjectId: r.order_line_id,
          detail: 'invitation',
        }),
        accountId: order.buyer_id,
      });
    return notified;
  });
  await publishNotifications(ctx, created);

  const lines = await queryRows<Line>(
    ctx.db,
    sql`select i.order_line_id as line_id, i.product_id, ol.title, i.buyer_id, o.brand_id, coalesce(nullif(b.display_name, ''), b.username) as brand_name,
          i.sent_at, (i.review_id is not null or exists (select 1 from reviews r where r.order_line_id = i.order_line_id)) as reviewed
        from review_invitations i join order_lines ol on ol.id = i.order_line_id join orders o on o.id = i.order_id join accounts b on b.id = o.brand_id
        where i.order_id = ${job.orderId} and i.sent_at is null order by i.order_line_id`,
  );
  const toMail = lines.filter((l) => !l.reviewed);
  if (toMail.length === 0) return { invited: created.length, mailed: 0 };
  const [buyer] = await queryRows<{ email: string | null; locale: string | null }>(
    ctx.db,
    sql`select c.email, a.locale from accounts a left join credentials c on c.account_id = a.id where a.id = ${toMail[0].buyer_id}`,
  );
  if (buyer?.email) {
    const t = translator(buyer.locale === 'en' ? 'en' : 'fr');
    const links = toMail.map((l) => `- ${l.title}: ${ctx.config.publicUrl}/reviews/new?line=${l.line_id}`).join('\n');
    const key = `review-invite:${job.orderId}:${createHash('sha256')
      .update(toMail.map((l) => l.line_id).join(','))
      .digest('hex')
      .slice(0, 16)}`;
    await ctx.mailer.send({
      to: buyer.email,
      subject: t('review.mail.subject', { brand: toMail[0].brand_name }),
      text: `${t('review.mail.body', { brand: toMail[0].brand_name })}\n\n${links}\n\n${t('review.mail.footer')}\n`,
      key,
    });
  }
  await queryRows(
    ctx.db,
    sql`update review_invitations set sent_at = now() where order_line_id in ${toMail.map((l) => l.line_id)} and sent_at is null`,
  );
  return { invited: created.length, mailed: buyer?.email ? toMail.length : 0 };
}
