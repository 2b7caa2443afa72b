import { type Order, type OrderLine, orderNumber, REFUNDABLE, type ReturnRequest } from './model';
import type { OrderDetail, OrderSummary } from './read';
import { presentOrderWithdrawal } from '../withdrawal/present';

export const money = (amount: number, currency: string) => ({ amount, currency });
export const iso = (d: Date | null | undefined) => (d ? new Date(d).toISOString() : null);
/** A time that is always set (rows read by raw SQL carry strings, hence `new Date`). */
const at = (d: Date) => new Date(d).toISOString();
/** The name an API client shows for a closed account (the pages say it in the reader's language). */
export const DELETED_ACCOUNT_NAME = 'Deleted account';

export const person = (p: { id: string; username: string; displayName: string; deleted?: boolean }) => ({
  id: p.id,
  username: p.username,
  display_name: p.deleted ? DELETED_ACCOUNT_NAME : p.displayName || p.username,
  ...(p.deleted ? { deleted: true } : {}),
});

function presentLine(l: OrderLine, currency: string) {
  return {
    id: l.id,
    variant_id: l.variantId,
    product_id: l.productId,
    title: l.title,
    sku: l.sku,
    options: l.options,
    quantity: l.quantity,
    unit_price: money(l.unitAmount, currency),
    vat_rate: l.vatRateBp / 100,
    vat: money(l.vatAmount, currency),
    total: money(l.totalAmount, currency),
    ...(l.sale && {
      sale: {
        label: l.sale.label,
        reference_price: money(l.sale.referenceAmount, currency),
        regular_price: money(l.sale.regularAmount, currency),
        ends_at: new Date(l.sale.endsAt).toISOString(),
      },
    }),
    ...(l.editionNumbers?.length ? { edition_numbers: l.editionNumbers } : {}),
  };
}

function presentCore(o: Order, lines: OrderLine[], brand: OrderDetail['brand'], buyer: OrderDetail['buyer']) {
  return {
    id: o.id,
    number: orderNumber(o.id),
    status: o.status,
    brand: person(brand),
    buyer: person(buyer),
    total: money(o.totalAmount, o.currency),
    subtotal: money(o.subtotalAmount, o.currency),
    shipping: {
      method_id: o.shippingMethodId,
      name: o.shippingMethodName,
      amount: money(o.shippingAmount, o.currency),
    },
    vat: money(o.vatAmount, o.currency),
    refunded: money(o.refundedAmount, o.currency),
    refundable: money(REFUNDABLE.includes(o.status) ? o.totalAmount - o.refundedAmount : 0, o.currency),
    currency: o.currency,
    lines: lines.map((l) => presentLine(l, o.currency)),
    shipping_address: o.shippingAddress,
    carrier: o.carrier,
    tracking_number: o.trackingNumber,
    source_status_id: o.sourceStatusId,
    terms_version: o.termsVersion ?? null,
    created_at: at(o.createdAt),
    paid_at: iso(o.paidAt),
    shipped_at: iso(o.shippedAt),
    delivered_at: iso(o.deliveredAt),
    cancelled_at: iso(o.cancelledAt),
    expires_at: o.status === 'awaiting_payment' || o.status === 'pending_confirmation' ? iso(o.expiresAt) : null,
  };
}

/** An order in a list: totals and lines, no timeline. */
export function presentOrderSummary(s: OrderSummary) {
  return presentCore(s.order, s.lines, s.brand, s.buyer);
}

export type PresentOptions = { publicUrl: string; nextActionUrl?: string };

/** The full order: lines with their VAT, totals, address, timeline, payments and returns. Never a provider token. */
export function presentOrder(d: OrderDetail, options: PresentOptions) {
  return {
    ...presentCore(d.order, d.lines, d.brand, d.buyer),
    payment_method: d.paymentMethod
      ? {
          id: d.paymentMethod.id,
          provider: d.paymentMethod.provider,
          brand: d.paymentMethod.brand,
          last4: d.paymentMethod.last4,
        }
      : null,
    next_action: d.order.status === 'awaiting_payment' && options.nextActionUrl ? { url: options.nextActionUrl } : null,
    events: d.events.map((e) => ({
      id: e.id,
      type: e.type,
      created_at: at(e.createdAt),
      data: publicEventData(e.data),
    })),
    payments: d.payments.map((p) => ({
      id: p.id,
      kind: p.kind,
      amount: money(p.amount, p.currency),
      status: p.status,
      created_at: at(p.createdAt),
    })),
    returns: d.returns.map((r) => presentReturn(r, options.publicUrl)),
    withdrawal: presentOrderWithdrawal(d.order, d.withdrawals ?? []),
    url: `${options.publicUrl}/orders/${d.order.id}`,
  };
}

/** Event data for the API: internal keys (`_…`, payment ids, provider messages) stay inside. */
function publicEventData(data: Record<string, unknown>) {
  return Object.fromEntries(
    Object.entries(data ?? {}).filter(
      ([key]) => !key.startsWith('_') && !['payment_ids', 'payment_id', 'message'].includes(key),
    ),
  );
}

export function presentReturn(r: ReturnRequest, publicUrl: string) {
  return {
    id: r.id,
    order_id: r.orderId,
    kind: r.kind,
    reason: r.reason,
    status: r.status,
    resolution: r.resolution,
    photos: r.photoPaths.map((p) => ({
      url: `${publicUrl}/media/${p}`,
      preview_url: `${publicUrl}/media/${p.replace(/\.webp$/, '-preview.webp')}`,
    })),
    created_at: at(r.createdAt),
  };
}
