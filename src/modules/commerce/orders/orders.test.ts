import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../../../test/support/app';
import { queryRows } from '../../../db/client';
import { handleOrderEvent, handleOrderPayments } from '../notify';
import { buyerWithCard, outbox, person, runJobs, shop, address } from '../../../../test/support/orders';
import { cancelOrder, deliverOrder, markPreparing, refundOrder, shipOrder } from './transitions';
import { getOrder, listBrandOrders } from './read';
import { handleReturn, requestReturn } from './returns';
import { settlePayments } from './settlement';
import { csvCell, parseCsv } from '../csv';
import { exportCatalog, createProduct } from '../catalog';
import { exportOrdersCsv } from './csv';
import { placeOrder, placePaidOrderOnce } from '../checkout';
import type { TestPaymentProvider } from '../payments';
import { variants } from '../schema';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const provider = () => t.ctx.payments.get('test') as TestPaymentProvider;
const stockOf = async (variantId: string) =>
  (await t.ctx.db.select({ stock: variants.stock }).from(variants).where(eq(variants.id, variantId)))[0].stock;
const paymentsOf = (orderId: string) =>
  queryRows<{ kind: string; amount: number; status: string; provider_ref: string }>(
    t.ctx.db,
    sql`select kind, amount, status, provider_ref from payments where order_id = ${orderId} order by id`,
  );
const notificationsOf = (orderId: string) =>
  queryRows<{ detail: string; account_id: string; from_account_id: string }>(
    t.ctx.db,
    sql`select detail, account_id, from_account_id from notifications where subject_id = ${orderId} order by id`,
  );

async function paidOrder(options: { stock?: number; quantity?: number; locale?: 'fr' | 'en' } = {}) {
  const s = await shop(t, { stock: options.stock ?? 5, price: 1200 });
  const b = await buyerWithCard(t, 'tok_visa', { locale: options.locale });
  const placed = await placeOrder(t.ctx, b.id, {
    lines: [{ variantId: s.variantId, quantity: options.quantity ?? 2 }],
    paymentMethodId: b.methodId,
    shippingAddress: address,
  });
  expect(placed.status).toBe('paid');
  return { s, b, orderId: placed.orderId };
}

describe('order lifecycle (service)', () => {
  it('prepares, ships with tracking and captures, delivers; the timeline tells each step', async () => {
    const { s, orderId } = await paidOrder();
    await markPreparing(t.ctx, s.owner.id, orderId);
    await shipOrder(t.ctx, s.owner.id, orderId, { carrier: 'Colissimo', trackingNumber: '6A12345678901' });
    const rows = await paymentsOf(orderId);
    expect(rows.map((r) => [r.kind, r.amount, r.status])).toEqual([
      ['authorization', 2990, 'succeeded'],
      ['capture', 2990, 'succeeded'],
    ]);
    await deliverOrder(t.ctx, s.owner.id, orderId);
    const detail = await getOrder(t.ctx, s.owner.id, orderId);
    expect(detail.order).toMatchObject({ status: 'delivered', carrier: 'Colissimo', trackingNumber: '6A12345678901' });
    expect(detail.events.map((e) => e.type)).toEqual(['created', 'paid', 'preparing', 'shipped', 'delivered']);
    await expect(
      shipOrder(t.ctx, s.owner.id, orderId, { carrier: 'Colissimo', trackingNumber: 'X1' }),
    ).rejects.toMatchObject({ status: 409, code: 'invalid_transition' });
  });

  it('ships once when two team members click at the same time', async () => {
    const { s, orderId } = await paidOrder();
    const staff = await s.member('staff');
    const results = await Promise.allSettled([
      shipOrder(t.ctx, s.owner.id, orderId, { carrier: 'Colissimo', trackingNumber: 'AAA111' }),
      shipOrder(t.ctx, staff.id, orderId, { carrier: 'Chronopost', trackingNumber: 'BBB222' }),
      shipOrder(t.ctx, s.owner.id, orderId, { carrier: 'Colissimo', trackingNumber: 'CCC333' }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(
      results
        .filter((r) => r.status === 'rejected')
        .every((r) => (r as PromiseRejectedResult).reason.code === 'invalid_transition'),
    ).toBe(true);
    expect((await paymentsOf(orderId)).filter((p) => p.kind === 'capture')).toHaveLength(1);
    const [{ n }] = await queryRows<{ n: number }>(
      t.ctx.db,
      sql`select count(*)::int as n from order_events where order_id = ${orderId} and type = 'shipped'`,
    );
    expect(n).toBe(1);
  });

  it('refunds partially then the rest; never more than was paid, even in parallel', async () => {
    const { s, orderId } = await paidOrder();
    await shipOrder(t.ctx, s.owner.id, orderId, { carrier: 'Colissimo', trackingNumber: 'R1' });
    await deliverOrder(t.ctx, s.owner.id, orderId);
    await refundOrder(t.ctx, s.owner.id, orderId, { amount: 1000 });
    let detail = await getOrder(t.ctx, s.owner.id, orderId);
    expect(detail.order).toMatchObject({ status: 'delivered', refundedAmount: 1000 });
    await expect(refundOrder(t.ctx, s.owner.id, orderId, { amount: 5000 })).rejects.toMatchObject({
      status: 422,
      code: 'refund_too_large',
    });
    await expect(refundOrder(t.ctx, s.owner.id, orderId, { amount: -5 })).rejects.toMatchObject({
      status: 422,
      code: 'invalid_amount',
    });
    await expect(refundOrder(t.ctx, s.owner.id, orderId, { amount: 1.5 })).rejects.toMatchObject({
      status: 400,
      code: 'invalid_amount',
    });
    // Two "refund the rest" at once: one wins, the other finds nothing left.
    const both = await Promise.allSettled([
      refundOrder(t.ctx, s.owner.id, orderId),
      refundOrder(t.ctx, s.owner.id, orderId),
    ]);
    expect(both.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    detail = await getOrder(t.ctx, s.owner.id, orderId);
    expect(detail.order).toMatchObject({ status: 'refunded', refundedAmount: 2990 });
    const refunds = (await paymentsOf(orderId)).filter((p) => p.kind === 'refund');
    expect(refunds.map((r) => [r.amount, r.status])).toEqual([
      [1000, 'succeeded'],
      [1990, 'succeeded'],
    ]);
    const ref = (await paymentsOf(orderId))[0].provider_ref;
    expect(provider().heldAmount(ref)).toBe(0);
  });

  it('cancels before shipping: stock back, authorization voided; not after shipping', async () => {
    const { s, b, orderId } = await paidOrder({ stock: 5, quantity: 2 });
    expect(await stockOf(s.variantId)).toBe(3);
    const ref = (await paymentsOf(orderId))[0].provider_ref;
    expect(provider().heldAmount(ref)).toBe(2990);
    await cancelOrder(t.ctx, b.id, orderId, { reason: 'Changed my mind' });
    expect(await stockOf(s.variantId)).toBe(5);
    expect(provider().heldAmount(ref)).toBe(0);
    expect((await paymentsOf(orderId)).map((p) => [p.kind, p.status])).toEqual([
      ['authorization', 'succeeded'],
      ['void', 'succeeded'],
    ]);
    await expect(cancelOrder(t.ctx, b.id, orderId)).rejects.toMatchObject({ code: 'invalid_transition' });

    const second = await paidOrder();
    await shipOrder(t.ctx, second.s.owner.id, second.orderId, { carrier: 'Colissimo', trackingNumber: 'Z9' });
    await expect(cancelOrder(t.ctx, second.b.id, second.orderId)).rejects.toMatchObject({
      status: 409,
      code: 'invalid_transition',
    });
  });

  it('a partial refund before shipping lowers the capture; a full one voids and gives stock back', async () => {
    const { s, orderId } = await paidOrder({ stock: 4, quantity: 1 });
    await refundOrder(t.ctx, s.owner.id, orderId, { amount: 500 });
    await shipOrder(t.ctx, s.owner.id, orderId, { carrier: 'Colissimo', trackingNumber: 'P1' });
    const capture = (await paymentsOf(orderId)).find((p) => p.kind === 'capture');
    expect(capture).toMatchObject({ amount: 1790 - 500, status: 'succeeded' });

    const other = await paidOrder({ stock: 4, quantity: 2 });
    await refundOrder(t.ctx, other.s.owner.id, other.orderId);
    expect(await stockOf(other.s.variantId)).toBe(4);
    expect((await getOrder(t.ctx, other.s.owner.id, other.orderId)).order.status).toBe('refunded');
    expect((await paymentsOf(other.orderId)).map((p) => p.kind)).toEqual(['authorization', 'refund', 'void']);
  });

  it('keeps orders to the buyer and the brand team; staff cannot refund', async () => {
    const { s, b, orderId } = await paidOrder();
    const stranger = await person(t);
    const otherShop = await shop(t);
    const staff = await s.member('staff');
    const moderator = await s.member('moderator');
    await expect(getOrder(t.ctx, stranger.id, orderId)).rejects.toMatchObject({ status: 404 });
    await expect(getOrder(t.ctx, otherShop.owner.id, orderId)).rejects.toMatchObject({ status: 404 });
    await expect(getOrder(t.ctx, moderator.id, orderId)).rejects.toMatchObject({
      status: 403,
      code: 'role_not_allowed',
    });
    expect((await getOrder(t.ctx, b.id, orderId)).as).toBe('buyer');
    expect((await getOrder(t.ctx, staff.id, orderId)).as).toBe('team');
    await expect(refundOrder(t.ctx, staff.id, orderId)).rejects.toMatchObject({
      status: 403,
      code: 'role_not_allowed',
    });
    await expect(shipOrder(t.ctx, b.id, orderId, { carrier: 'X', trackingNumber: 'Y' })).rejects.toMatchObject({
      status: 403,
    });
    await expect(
      shipOrder(t.ctx, otherShop.owner.id, orderId, { carrier: 'X', trackingNumber: 'Y' }),
    ).rejects.toMatchObject({ status: 404 });
    await expect(cancelOrder(t.ctx, stranger.id, orderId)).rejects.toMatchObject({ status: 404 });
    await expect(listBrandOrders(t.ctx, otherShop.owner.id, s.brand.id)).rejects.toMatchObject({ status: 404 });
    const list = await listBrandOrders(t.ctx, staff.id, s.brand.id);
    expect(list.map((o) => o.order.id)).toEqual([orderId]);
    await shipOrder(t.ctx, staff.id, orderId, { carrier: 'La Poste', trackingNumber: 'LP1' });
  });

  it('handles a return: request with reason after delivery, accept, receive, refund', async () => {
    const { s, b, orderId } = await paidOrder();
    await expect(requestReturn(t.ctx, b.id, orderId, { reason: 'Too early' })).rejects.toMatchObject({
      code: 'invalid_transition',
    });
    await shipOrder(t.ctx, s.owner.id, orderId, { carrier: 'Colissimo', trackingNumber: 'RT1' });
    await deliverOrder(t.ctx, s.owner.id, orderId);
    await expect(requestReturn(t.ctx, b.id, orderId, { reason: '' })).rejects.toMatchObject({ code: 'missing_reason' });
    await expect(requestReturn(t.ctx, b.id, orderId, { reason: 'x', kind: 'swap' })).rejects.toMatchObject({
      code: 'invalid_kind',
    });
    const request = await requestReturn(t.ctx, b.id, orderId, { reason: 'La croûte était abîmée' });
    await expect(requestReturn(t.ctx, b.id, orderId, { reason: 'again' })).rejects.toMatchObject({
      code: 'return_open',
    });
    const staff = await s.member('staff');
    await handleReturn(t.ctx, staff.id, request.id, 'accept');
    await handleReturn(t.ctx, staff.id, request.id, 'receive');
    await expect(handleReturn(t.ctx, staff.id, request.id, 'resolve')).rejects.toMatchObject({
      status: 403,
      code: 'role_not_allowed',
    });
    const done = await handleReturn(t.ctx, s.owner.id, request.id, 'resolve', { amount: 2400 });
    expect(done.status).toBe('refunded');
    const detail = await getOrder(t.ctx, b.id, orderId);
    expect(detail.order.refundedAmount).toBe(2400);
    expect(detail.events.map((e) => e.type).slice(-5)).toEqual([
      'return_requested',
      'return_accepted',
      'return_received',
      'partially_refunded',
      'return_refunded',
    ]);
    await expect(handleReturn(t.ctx, s.owner.id, request.id, 'accept')).rejects.toMatchObject({
      code: 'invalid_transition',
    });
  });

  it('exports the brand’s orders as CSV, defusing formulas', async () => {
    const { s, orderId } = await paidOrder();
    const csv = await exportOrdersCsv(t.ctx, s.owner.id, s.brand.id);
    const [header, row] = csv
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(header.split(',').slice(0, 4)).toEqual(['number', 'id', 'created_at', 'status']);
    expect(row).toContain(orderId);
    expect(row).toContain('29.90');
    expect(row).toContain('Marie Dubois');
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
  });

  it('defuses a formula-looking cell in both the catalog export and the orders export (one CSV writer)', async () => {
    const s = await shop(t, { stock: 5, price: 1200 });
    const product = await createProduct(t.ctx, s.owner.id, s.brand.id, {
      title: '=HYPERLINK("http://evil.example","clic")',
      status: 'published',
      variants: [{ sku: 'FORMULA-1', priceAmount: 1500, stock: 3 }],
    });
    const b = await buyerWithCard(t);
    const shippingAddress = { ...address, name: '@SUM(1+1)' };
    const placed = await placeOrder(t.ctx, b.id, {
      lines: [{ variantId: product.variants[0].id, quantity: 1 }],
      paymentMethodId: b.methodId,
      shippingAddress,
    });
    expect(placed.status).toBe('paid');
    const catalog = parseCsv(await exportCatalog(t.ctx, s.owner.id, s.brand.id)).map((r) => r.cells);
    expect(catalog.flat()).toContain(`'=HYPERLINK("http://evil.example","clic")`);
    expect(catalog.flat().some((cell) => cell.startsWith('='))).toBe(false);
    const orderRows = parseCsv(await exportOrdersCsv(t.ctx, s.owner.id, s.brand.id)).map((r) => r.cells);
    const header = orderRows[0];
    const row = orderRows.find((r) => r[header.indexOf('id')] === placed.orderId)!;
    expect(row[header.indexOf('ship_to_name')]).toBe("'@SUM(1+1)");
    expect(row.some((cell) => /^[=+\-@]/.test(cell))).toBe(false);
  });
});

describe('order.event job', () => {
  it('notifies the buyer once and writes one e-mail per step, even when the job runs twice', async () => {
    const { s, b, orderId } = await paidOrder({ locale: 'fr' });
    await runJobs(t);
    await shipOrder(t.ctx, s.owner.id, orderId, { carrier: 'Colissimo', trackingNumber: '6A999' });
    const [job] = await queryRows<{ payload: { orderId: string; event: string; eventId: string } }>(
      t.ctx.db,
      sql`select payload from jobs where kind = 'order.event' and payload->>'orderId' = ${orderId} and payload->>'event' = 'order.shipped'`,
    );
    await runJobs(t);
    // Run the same job again, as after a crash before it was marked done.
    const payload = typeof job.payload === 'string' ? JSON.parse(job.payload) : job.payload;
    await handleOrderEvent(t.ctx, payload);
    await handleOrderEvent(t.ctx, { orderId, event: 'order.paid' });
    const notes = await notificationsOf(orderId);
    expect(notes.map((n) => n.detail).sort()).toEqual(['paid', 'shipped']);
    expect(notes.every((n) => n.account_id === b.id && n.from_account_id === s.brand.id)).toBe(true);

    const mails = outbox(t).filter((m) => m.raw.includes(`To: ${b.email}`));
    expect(mails).toHaveLength(2);
    const shipped = mails.find((m) => m.text.includes('6A999'));
    expect(shipped).toBeTruthy();
    expect(shipped!.text).toContain('Colissimo');
    expect(shipped!.text).toContain('Votre commande est en route');
    expect(shipped!.raw).toMatch(/Content-Type: text\/html/);
  });

  it('tells two partial refunds apart, and writes English for an English buyer', async () => {
    const { s, b, orderId } = await paidOrder({ locale: 'en' });
    await refundOrder(t.ctx, s.owner.id, orderId, { amount: 100 });
    await refundOrder(t.ctx, s.owner.id, orderId, { amount: 200 });
    await runJobs(t);
    await runJobs(t);
    expect((await notificationsOf(orderId)).map((n) => n.detail).sort()).toEqual([
      'paid',
      'partially_refunded',
      'partially_refunded',
    ]);
    const mails = outbox(t).filter((m) => m.raw.includes(`To: ${b.email}`));
    expect(mails).toHaveLength(3);
    expect(mails.some((m) => m.text.includes('Part of your order was refunded'))).toBe(true);
  });

  it('escapes what people wrote in the HTML e-mail', async () => {
    const s = await shop(t, { stock: 2 });
    await queryRows(
      t.ctx.db,
      sql`update accounts set display_name = ${'<script>alert(1)</script>'} where id = ${s.brand.id}`,
    );
    const b = await buyerWithCard(t);
    const placed = await placeOrder(t.ctx, b.id, {
      lines: [{ variantId: s.variantId, quantity: 1 }],
      paymentMethodId: b.methodId,
      shippingAddress: address,
    });
    await runJobs(t);
    const mail = outbox(t).find((m) => m.raw.includes(`To: ${b.email}`))!;
    const html = mail.text.slice(mail.text.indexOf('Content-Type: text/html'));
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<script>');
    expect(placed.status).toBe('paid');
  });

  it('finishes a capture later when the provider was unreachable', async () => {
    const { s, orderId } = await paidOrder();
    const real = provider().capture.bind(provider());
    let calls = 0;
    provider().capture = async (ref: string, amount: number) => {
      calls++;
      if (calls === 1) {
        const { PaymentNetworkError } = await import('../payments/providers');
        throw new PaymentNetworkError();
      }
      return real(ref, amount);
    };
    try {
      await shipOrder(t.ctx, s.owner.id, orderId, { carrier: 'Colissimo', trackingNumber: 'NET1' });
      expect((await paymentsOf(orderId)).find((p) => p.kind === 'capture')?.status).toBe('pending');
      await settlePayments(t.ctx, orderId);
      expect((await paymentsOf(orderId)).find((p) => p.kind === 'capture')?.status).toBe('succeeded');
    } finally {
      provider().capture = real;
    }
  });
});

describe('capture now (an order charged when paid, as a pre-sale pledge)', () => {
  async function capturedOrder(key: string, options: { stock?: number; locale?: 'fr' | 'en' } = {}) {
    const s = await shop(t, { stock: options.stock ?? 5, price: 1200 });
    const b = await buyerWithCard(t, 'tok_visa', { locale: options.locale });
    const request = {
      lines: [{ variantId: s.variantId, quantity: 2 }],
      paymentMethodId: b.methodId,
      shippingAddress: address,
    };
    const once = { scope: 'test-capture', key, chargeKey: `test-capture:${key}`, capture: true };
    const placed = await placePaidOrderOnce(t.ctx, b.id, request, once);
    if (placed.outcome !== 'paid') throw new Error(placed.code);
    const ref = (await paymentsOf(placed.orderId))[0].provider_ref;
    return { s, b, orderId: placed.orderId, ref, again: () => placePaidOrderOnce(t.ctx, b.id, request, once) };
  }

  it('captures at once, says "charged", and shipping captures nothing more', async () => {
    const before = provider().captures;
    const { s, b, orderId, ref, again } = await capturedOrder('now-1');
    expect((await paymentsOf(orderId)).map((p) => [p.kind, p.amount, p.status])).toEqual([
      ['authorization', 2990, 'succeeded'],
      ['capture', 2990, 'succeeded'],
    ]);
    expect(provider().capturedAmount(ref)).toBe(2990);
    expect(provider().captures - before).toBe(1);
    // The same key again: the kept order, no second charge nor capture.
    expect(await again()).toMatchObject({ outcome: 'paid', orderId, replayed: true });
    await runJobs(t);
    const paidMail = outbox(t).find((m) => m.raw.includes(`To: ${b.email}`));
    expect(paidMail?.text).toContain('le paiement est débité');
    await markPreparing(t.ctx, s.owner.id, orderId);
    await shipOrder(t.ctx, s.owner.id, orderId, { carrier: 'Colissimo', trackingNumber: 'NOW1' });
    await deliverOrder(t.ctx, s.owner.id, orderId);
    expect((await paymentsOf(orderId)).filter((p) => p.kind === 'capture')).toHaveLength(1);
    expect(provider().captures - before).toBe(1);
    // Refunds after delivery are provider refunds, as for any captured order.
    await refundOrder(t.ctx, s.owner.id, orderId, { amount: 500 });
    expect((await paymentsOf(orderId)).at(-1)).toMatchObject({ kind: 'refund', amount: 500, status: 'succeeded' });
    expect(provider().heldAmount(ref)).toBe(2490);
  });

  it('cancelling refunds instead of voiding: refunded amount, refund row, stock back, the buyer told', async () => {
    const { s, b, orderId, ref } = await capturedOrder('now-2', { stock: 5, locale: 'en' });
    expect(await stockOf(s.variantId)).toBe(3);
    await cancelOrder(t.ctx, b.id, orderId, { reason: 'Too late' });
    expect(await stockOf(s.variantId)).toBe(5);
    expect(provider().heldAmount(ref)).toBe(0);
    expect((await paymentsOf(orderId)).map((p) => [p.kind, p.amount, p.status])).toEqual([
      ['authorization', 2990, 'succeeded'],
      ['capture', 2990, 'succeeded'],
      ['refund', 2990, 'succeeded'],
    ]);
    const detail = await getOrder(t.ctx, b.id, orderId);
    expect(detail.order).toMatchObject({ status: 'cancelled', refundedAmount: 2990 });
    expect(detail.events.at(-1)).toMatchObject({ type: 'cancelled', data: { amount: 2990, by: 'buyer' } });
    await runJobs(t);
    expect((await notificationsOf(orderId)).map((n) => n.detail).sort()).toEqual(['cancelled', 'paid']);
    const mail = outbox(t).find((m) => m.raw.includes(`To: ${b.email}`) && m.text.includes('cancelled and refunded'));
    expect(mail?.text).toContain('Amount refunded');

    // A full refund before shipment gives the stock back too (it will not ship).
    const other = await capturedOrder('now-3', { stock: 4 });
    await refundOrder(t.ctx, other.s.owner.id, other.orderId);
    expect(await stockOf(other.s.variantId)).toBe(4);
    expect((await paymentsOf(other.orderId)).map((p) => p.kind)).toEqual(['authorization', 'capture', 'refund']);
    expect(provider().heldAmount(other.ref)).toBe(0);
  });

  it('a crash between the provider’s capture and its record: the order.payments job finishes it, once', async () => {
    const real = provider().capture.bind(provider());
    const { PaymentNetworkError } = await import('../payments/providers');
    let lost = true;
    // The provider captures, then the answer is lost (a timeout, or the worker killed before recording).
    provider().capture = async (ref: string, amount: number, key: string) => {
      const result = await real(ref, amount, key);
      if (lost) {
        lost = false;
        throw new PaymentNetworkError();
      }
      return result;
    };
    const before = provider().captures;
    try {
      const { s, orderId, ref, again } = await capturedOrder('now-crash');
      expect(provider().capturedAmount(ref)).toBe(2990);
      expect((await paymentsOf(orderId)).find((p) => p.kind === 'capture')?.status).toBe('pending');
      // A worker killed mid-call leaves the row claimed: the job takes it back once it is stale.
      await queryRows(
        t.ctx.db,
        sql`update payments set status = 'processing', created_at = now() - interval '11 minutes'
            where order_id = ${orderId} and kind = 'capture'`,
      );
      expect(await again()).toMatchObject({ outcome: 'paid', orderId, replayed: true });
      expect((await paymentsOf(orderId)).find((p) => p.kind === 'capture')?.status).toBe('processing');
      await handleOrderPayments(t.ctx, { orderId });
      await handleOrderPayments(t.ctx, { orderId });
      expect((await paymentsOf(orderId)).filter((p) => p.kind === 'capture')).toEqual([
        expect.objectContaining({ amount: 2990, status: 'succeeded' }),
      ]);
      expect(provider().captures - before).toBe(1);
      await shipOrder(t.ctx, s.owner.id, orderId, { carrier: 'Colissimo', trackingNumber: 'NOW3' });
      expect(provider().captures - before).toBe(1);
    } finally {
      provider().capture = real;
    }
  });
});
