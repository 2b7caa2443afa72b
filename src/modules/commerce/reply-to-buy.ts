/**
 * Reply-to-buy: a reply to a shoppable post that carries the brand's buy keyword (a hashtag,
 * `#jachete` / `#buy` by default, case- and accent-insensitive: `#J'achète` counts) becomes an
 * order waiting for the buyer's confirmation:
 *
 * - the first product of the post whose brand's keyword matched and that is in stock, its first
 *   variant in stock, quantity 1, shipped to the replier's default address with the brand's
 *   default shipping method, to be paid with their default payment method;
 * - the stock is held 24 h (status pending_confirmation); nothing is authorized or charged;
 * - the buyer is notified (type 'order', detail 'confirm_reply_to_buy') and confirms in one tap
 *   on /orders/:id, which authorizes the payment; otherwise the order.expire job gives the stock
 *   back after 24 h;
 * - without a default address (physical goods) or payment method, or when nothing is in stock,
 *   the buyer is told instead (detail 'reply_to_buy_incomplete' / 'reply_to_buy_out_of_stock'),
 *   with the reply as subject: /orders/<reply id> leads to the post's checkout page.
 *
 * The check runs twice: a cheap one in the reply's transaction (is it a reply to a shoppable post
 * with a keyword?) that asks for the `status.published` job, and the order itself in that job,
 * after the reply is committed. The job is idempotent (keyed by the reply's id).
 */
import { sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../db/client';
import { uuidv7 } from '../../db/ids';
import { conflict, DomainError, notFound, unprocessable } from '../../lib/errors';
import { idempotent } from '../../lib/idempotency';
import type { EventBus } from '../../lib/events';
import { notifyNow } from '../social';
import { authorizeReserved, OutOfStockError, reserveBatch, type PlacedOrder } from './checkout';
import type { CommerceContext } from './context';

export const REPLY_TO_BUY_HOLD_MINUTES = 24 * 60;
export const DEFAULT_BUY_KEYWORDS = ['jachete', 'buy'];

/** Lower case, without accents, apostrophes or a leading #: "#J'achète" → "jachete". */
export function normalizeKeyword(word: string): string {
  return word.normalize('NFD').replace(/\p{M}/gu, '').replace(APOSTROPHES, '').replace(/^#/, '').toLowerCase().trim();
}

/** The hashtags of a text, normalized like keywords. */
export function hashtagsOf(text: string): string[] {
  const flat = text.normalize('NFD').replace(/\p{M}/gu, '').replace(APOSTROPHES, '');
  return [...flat.matchAll(/(?:^|[^\p{L}\p{N}_&/])#([\p{L}\p{N}_]+)/gu)].map((m) => m[1].toLowerCase());
}

export function mentionsKeyword(text: string, keywords: string[]): boolean {
  const tags = new Set(hashtagsOf(text));
  return keywords.some((k) => tags.has(normalizeKeyword(k)));
}

type ParentProduct = {
  product_id: string;
  brand_id: string;
  keywords: string[] | string | null;
  kind: string;
  variant_id: string | null;
};

/** The products of the post replied to, each with its brand's keywords and its first variant in stock. */
async function parentProducts(db: DbOrTx, parentId: string, buyerId: string): Promise<ParentProduct[]> {
  return queryRows<ParentProduct>(
    db,
    sql`select p.id as product_id, p.brand_id, p.kind, s.buy_keywords as keywords,
          (select v.id from variants v where v.product_id = p.id and v.stock > 0 order by v.position, v.id limit 1) as variant_id
        from status_products sp
        join products p on p.id = sp.product_id and p.status = 'published'
        left join shop_settings s on s.brand_id = p.brand_id
        where sp.status_id = ${parentId} and p.brand_id <> ${buyerId}
        order by sp.position`,
  );
}

// Written as a string: the built server stays ASCII (scripts/build.mjs).
const APOSTROPHES = new RegExp("['’]", 'g');

const keywordsOf = (row: ParentProduct): string[] => {
  const raw = row.keywords;
  if (Array.isArray(raw) && raw.length) return raw;
  // node-pg returns text[] parsed; be lenient with a '{a,b}' literal too.
  if (typeof raw === 'string' && raw.length > 2)
    return raw
      .replace(/^\{|\}$/g, '')
      .split(',')
      .map((s) => s.replace(/^"|"$/g, ''));
  return DEFAULT_BUY_KEYWORDS;
};

/** In the reply's transaction: is this a reply-to-buy? (then the published job makes the order). */
export async function replyToBuyCandidate(
  tx: DbOrTx,
  status: { inReplyToId: string | null; accountId: string; text: string },
): Promise<boolean> {
  if (!status.inReplyToId || !status.text.includes('#')) return false;
  const products = await parentProducts(tx, status.inReplyToId, status.accountId);
  return products.some((p) => mentionsKeyword(status.text, keywordsOf(p)));
}

export type ReplyToBuyOutcome =
  | { kind: 'order'; orderId: string }
  | { kind: 'incomplete' | 'out_of_stock' | 'ignored' };

type Ctx = CommerceContext & { events: Pick<EventBus, 'publish'> };

/** The `status.published` job's part for reply-to-buy. */
export async function handleReplyToBuy(ctx: Ctx, replyId: string): Promise<ReplyToBuyOutcome> {
  const [reply] = await queryRows<{ id: string; account_id: string; in_reply_to_id: string | null; text: string }>(
    ctx.db,
    sql`select id, account_id, in_reply_to_id, text from statuses where id = ${replyId}`,
  );
  if (!reply?.in_reply_to_id) return { kind: 'ignored' };
  const buyerId = reply.account_id;
  const matching = (await parentProducts(ctx.db, reply.in_reply_to_id, buyerId)).filter((p) =>
    mentionsKeyword(reply.text, keywordsOf(p)),
  );
  if (matching.length === 0) return { kind: 'ignored' };
  const chosen = matching.find((p) => p.variant_id);
  const brandId = (chosen ?? matching[0]).brand_id;
  if (!chosen) {
    await notifyBuyer(ctx, {
      buyerId,
      brandId,
      subjectId: reply.id,
      detail: 'reply_to_buy_out_of_stock',
      statusId: reply.id,
    });
    return { kind: 'out_of_stock' };
  }
  const [defaults] = await queryRows<{ address_id: string | null; payment_method_id: string | null }>(
    ctx.db,
    sql`select (select id from addresses where account_id = ${buyerId} and is_default limit 1) as address_id,
               (select id from payment_methods where account_id = ${buyerId} and is_default limit 1) as payment_method_id`,
  );
  if (!defaults.payment_method_id || (chosen.kind === 'physical' && !defaults.address_id)) {
    await notifyBuyer(ctx, {
      buyerId,
      brandId,
      subjectId: reply.id,
      detail: 'reply_to_buy_incomplete',
      statusId: reply.id,
    });
    return { kind: 'incomplete' };
  }
  try {
    const result = await idempotent(
      ctx.db,
      { scope: 'reply-to-buy', principal: buyerId, key: reply.id, body: { reply: reply.id } },
      async () => {
        const request = {
          lines: [{ variantId: chosen.variant_id!, quantity: 1 }],
          paymentMethodId: defaults.payment_method_id!,
          addressId: chosen.kind === 'physical' ? defaults.address_id! : undefined,
          sourceStatusId: reply.in_reply_to_id,
        };
        const [reserved] = await reserveBatch(
          ctx.db,
          [{ buyerId, request }],
          'pending_confirmation',
          REPLY_TO_BUY_HOLD_MINUTES,
        );
        if (reserved instanceof Error) throw reserved;
        await notifyBuyer(ctx, {
          buyerId,
          brandId: reserved.quote.brandId,
          subjectId: reserved.order.id,
          detail: 'confirm_reply_to_buy',
          statusId: reply.id,
        });
        return { status: 201, body: { orderId: reserved.order.id } };
      },
    );
    return { kind: 'order', orderId: result.body.orderId };
  } catch (error) {
    if (error instanceof OutOfStockError) {
      await notifyBuyer(ctx, {
        buyerId,
        brandId,
        subjectId: reply.id,
        detail: 'reply_to_buy_out_of_stock',
        statusId: reply.id,
      });
      return { kind: 'out_of_stock' };
    }
    if (error instanceof DomainError && error.kind !== 'conflict') {
      // A rule of the checkout refused it (address abroad, no shipping method…): tell the buyer, do not retry.
      await notifyBuyer(ctx, {
        buyerId,
        brandId,
        subjectId: reply.id,
        detail: 'reply_to_buy_incomplete',
        statusId: reply.id,
      });
      return { kind: 'incomplete' };
    }
    throw error;
  }
}

/**
 * An 'order' notification from the brand to the buyer, published live, under social's one policy
 * like every other order notice (commerce/notify.ts): a buyer who blocks the brand, or mutes it
 * with its notifications, is not told (the order still waits on /orders).
 */
export async function notifyBuyer(
  ctx: { db: DbOrTx; events: Pick<EventBus, 'publish'> },
  n: { buyerId: string; brandId: string; subjectId: string; detail: string; statusId?: string | null },
) {
  const about = { statusId: n.statusId ?? null, subjectId: n.subjectId, detail: n.detail };
  await notifyNow(ctx, { accountId: n.buyerId, fromAccountId: n.brandId, type: 'order', ...about });
}

/**
 * "Confirmer et payer": authorizes a pending reply-to-buy order (optionally with another of the
 * buyer's saved payment methods). Confirming twice is harmless: a paid order is returned as is.
 */
export async function confirmPendingOrder(
  ctx: CommerceContext,
  buyerId: string,
  orderId: string,
  paymentMethodId?: string | null,
): Promise<PlacedOrder> {
  const [order] = await queryRows<{
    id: string;
    status: string;
    total_amount: number;
    currency: string;
    payment_method_id: string | null;
    expires_at: Date | string | null;
  }>(
    ctx.db,
    sql`select id, status, total_amount, currency, payment_method_id, expires_at from orders where id = ${orderId} and buyer_id = ${buyerId}`,
  );
  if (!order) throw notFound('Order');
  if (
    order.status === 'paid' ||
    order.status === 'preparing' ||
    order.status === 'shipped' ||
    order.status === 'delivered'
  )
    return { orderId, status: 'paid' };
  if (order.status !== 'pending_confirmation')
    throw conflict('not_pending', 'This order is not waiting for your confirmation');
  if (order.expires_at && new Date(order.expires_at).getTime() <= Date.now())
    throw conflict('order_expired', 'This order expired; nothing was charged');
  const methodId = paymentMethodId || order.payment_method_id;
  const [method] = await queryRows<{ id: string; provider: string; token: string }>(
    ctx.db,
    sql`select id, provider, provider_token as token from payment_methods where id = ${methodId ?? ''} and account_id = ${buyerId}`,
  );
  if (!method) throw unprocessable('invalid_payment_method', 'Choose one of your saved payment methods');
  const moved = await ctx.db.transaction(async (tx) => {
    const rows = await queryRows<{ id: string }>(
      tx,
      sql`update orders set status = 'awaiting_payment', payment_method_id = ${method.id} where id = ${orderId} and status = 'pending_confirmation' returning id`,
    );
    if (rows.length)
      await queryRows(
        tx,
        sql`insert into order_events (id, order_id, type, actor_id, data) values (${uuidv7()}, ${orderId}, 'confirmed', ${buyerId}, '{}'::jsonb)`,
      );
    return rows.length > 0;
  });
  if (!moved) {
    // Someone (a double tap) confirmed it meanwhile: report where it stands.
    const [now] = await queryRows<{ status: string }>(ctx.db, sql`select status from orders where id = ${orderId}`);
    if (!now) throw conflict('order_expired', 'This order expired or was declined; nothing was charged');
    return { orderId, status: now.status === 'awaiting_payment' ? 'awaiting_payment' : 'paid' };
  }
  return authorizeReserved(ctx, orderId, {
    payment: method,
    totalAmount: Number(order.total_amount),
    currency: order.currency,
  });
}
