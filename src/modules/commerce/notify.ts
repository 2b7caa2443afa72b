/**
 * Job `order.event` ({orderId, event: 'order.<step>', eventId?}), enqueued in the transaction
 * of each order step: tells the buyer in the app and by e-mail, and fans the event out to the
 * brand's webhook endpoints.
 *
 * Idempotent, because a job may run twice (a crash after the work, before `done_at`):
 * - webhooks: one delivery row per (endpoint, timeline event), with an id derived from both;
 * - notification: one per timeline event (two partial refunds are two events, each told once):
 *   the event row is marked in the same transaction that inserts the notification;
 * - e-mail: sent just before that transaction (so a finished run never sends it again); in the
 *   outbox its file is named after the event, so a rerun rewrites the same file.
 */
import { and, desc, eq, sql } from 'drizzle-orm';
import type { Config } from '../../config';
import { queryRows, type Db, type DbOrTx } from '../../db/client';
import type { EventBus } from '../../lib/events';
import { mailerFor, type Mailer } from '../../lib/mailer';
import { accounts, credentials } from '../../db/schema';
import { notify, publishNotifications } from '../social';
import {
  orderMail,
  type MailLocale,
  loadOrderDetail,
  orderEventNames,
  type OrderEventName,
  presentOrder,
  settlePayments,
} from './orders';
import type { PaymentProviders } from './payments';
import { orderEvents } from './schema';
import { fanOutWebhooks } from './webhooks';

export type NotifyContext = {
  db: Db;
  config: Pick<Config, 'publicUrl' | 'dataDir' | 'smtpUrl' | 'mailFrom'>;
  events: Pick<EventBus, 'publish'>;
  /** Defaults to the configured mailer (SMTP, or the outbox folder). */
  mailer?: Mailer;
};

export type OrderEventJob = { orderId: string; event: string; eventId?: string };

export async function handleOrderEvent(ctx: NotifyContext, job: OrderEventJob): Promise<void> {
  const detailName = job.event.replace(/^order\./, '');
  if (!(orderEventNames as readonly string[]).includes(detailName)) return;
  const step = detailName as OrderEventName;
  const detail = await loadOrderDetail(ctx.db, job.orderId);
  if (!detail) return; // the order was removed (an unpaid checkout abandoned): nothing to tell
  const { order } = detail;

  // The timeline row this job is about: named by the job, or the latest of its kind.
  const [event] = job.eventId
    ? await ctx.db
        .select()
        .from(orderEvents)
        .where(and(eq(orderEvents.id, job.eventId), eq(orderEvents.orderId, order.id)))
    : await ctx.db
        .select()
        .from(orderEvents)
        .where(and(eq(orderEvents.orderId, order.id), eq(orderEvents.type, step)))
        .orderBy(desc(orderEvents.id))
        .limit(1);
  if (!event) return;

  await fanOutWebhooks(ctx.db, {
    brandId: order.brandId,
    event: `order.${step}`,
    eventId: event.id,
    createdAt: event.createdAt,
    data: {
      order: presentOrder(detail, { publicUrl: ctx.config.publicUrl }),
      event: { id: event.id, type: event.type, data: publicData(event.data) },
    },
  });

  // Told already (this job ran before, or a twin of it)? The mark is set with the notification.
  if (event.data && NOTIFIED in event.data) return;

  const [buyer] = await ctx.db
    .select({ locale: accounts.locale, email: credentials.email })
    .from(accounts)
    .leftJoin(credentials, eq(credentials.accountId, accounts.id))
    .where(eq(accounts.id, order.buyerId));
  if (buyer?.email) {
    const locale: MailLocale = buyer.locale === 'en' ? 'en' : 'fr';
    const mail = orderMail({ locale, event: step, detail, data: event.data, publicUrl: ctx.config.publicUrl });
    await (ctx.mailer ?? mailerFor(ctx.config)).send({
      to: buyer.email,
      ...mail,
      key: `order:${order.id}:${step}:${event.id}`,
    });
  }

  const id = await ctx.db.transaction(async (tx) => {
    const claimed = await queryRows<{ id: string }>(
      tx,
      sql`update order_events set data = data || ${JSON.stringify({ [NOTIFIED]: new Date().toISOString() })}::jsonb where id = ${event.id} and not (data ? ${NOTIFIED}) returning id`,
    );
    if (claimed.length === 0) return null;
    return insertOrderNotification(tx, {
      buyerId: order.buyerId,
      brandId: order.brandId,
      orderId: order.id,
      detail: step,
    });
  });
  if (id) await publishNotifications(ctx, [{ id, accountId: order.buyerId }]);
}

/** Set on a timeline event once its buyer notification exists (internal; hidden from the API). */
const NOTIFIED = '_notified_at';

function publicData(data: Record<string, unknown>) {
  return Object.fromEntries(
    Object.entries(data ?? {}).filter(
      ([key]) => !key.startsWith('_') && !['payment_ids', 'payment_id', 'message'].includes(key),
    ),
  );
}

/** An in-app 'order' notification from the brand, unless the buyer blocks or mutes it. */
async function insertOrderNotification(
  db: DbOrTx,
  n: { buyerId: string; brandId: string; orderId: string; detail: string },
): Promise<string | null> {
  const about = { subjectId: n.orderId, detail: n.detail };
  return notify(db, { accountId: n.buyerId, fromAccountId: n.brandId, type: 'order', ...about });
}

/** Job `order.payments` ({orderId}): the safety net that finishes captures, voids and refunds. */
export async function handleOrderPayments(ctx: { db: Db; payments: PaymentProviders }, job: { orderId: string }) {
  await settlePayments(ctx, job.orderId, { reclaimStale: true });
}
