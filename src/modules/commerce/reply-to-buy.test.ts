import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../../test/support/app';
import { queryRows } from '../../db/client';
import { appToken, ordersFrom, person, runJobs, shop, shoppablePost, stockOf } from '../../links/testing';
import { json } from '../social/api-test-support';
import { handleReplyToBuy, hashtagsOf, mentionsKeyword, normalizeKeyword } from './reply-to-buy';

let t: TestApp;
let app: string;
beforeAll(async () => {
  t = await createTestApp();
  app = await appToken(t);
});
afterAll(() => t.close());

const reply = (token: string, to: string, text: string) =>
  json<{ id: string }>(t.call('POST', '/api/v1/statuses', { token, body: { status: text, in_reply_to_id: to } }));
const notificationsOf = (accountId: string) =>
  queryRows<{ detail: string; subject_id: string; from_account_id: string }>(
    t.ctx.db,
    sql`select detail, subject_id, from_account_id from notifications where account_id = ${accountId} and type = 'order' order by id`,
  );
const paymentsOf = async (orderId: string) =>
  Number(
    (
      await queryRows<{ n: number }>(t.ctx.db, sql`select count(*)::int as n from payments where order_id = ${orderId}`)
    )[0].n,
  );

describe('keywords', () => {
  it('match hashtags whatever the case, accents and apostrophes', () => {
    expect(normalizeKeyword('#J’Achète')).toBe('jachete');
    expect(hashtagsOf("Je le veux ! #J'achète #BUY")).toEqual(['jachete', 'buy']);
    expect(mentionsKeyword('trop beau #JACHÈTE', ['jachete', 'buy'])).toBe(true);
    expect(mentionsKeyword('I will #buy it', ['jachete', 'buy'])).toBe(true);
    expect(mentionsKeyword('je ne sais pas si j’achète', ['jachete', 'buy'])).toBe(false);
    expect(mentionsKeyword('#buying', ['jachete', 'buy'])).toBe(false);
    expect(mentionsKeyword('http://x.test/#buy', ['buy'])).toBe(false);
  });
});

describe('reply-to-buy', () => {
  it('turns a reply with the keyword into a pending order held 24 h, charged only once confirmed', async () => {
    const s = await shop(t, app, { stock: 3, price: 2500 });
    const post = await shoppablePost(t, s);
    const buyer = await person(t, app, { details: true });
    const r = await reply(buyer.token, post.id, 'Il me le faut #JAchète');
    await runJobs(t);
    const [order] = await ordersFrom(t, buyer.id);
    expect(order).toMatchObject({
      status: 'pending_confirmation',
      source_status_id: post.id,
      total_amount: 2500 + 590,
    });
    const hours = (new Date(order.expires_at!).getTime() - Date.now()) / 3_600_000;
    expect(hours).toBeGreaterThan(23.9);
    expect(hours).toBeLessThanOrEqual(24);
    expect(await paymentsOf(order.id)).toBe(0);
    expect(await stockOf(t, s.variantId)).toBe(2);
    const notes = await notificationsOf(buyer.id);
    expect(notes).toEqual([{ detail: 'confirm_reply_to_buy', subject_id: order.id, from_account_id: s.brand.id }]);

    // The job may run again (a crash after its work): still one order.
    await handleReplyToBuy(t.ctx, r.id);
    expect(await ordersFrom(t, buyer.id)).toHaveLength(1);

    const page = await buyer.browser.page(`/orders/${order.id}`);
    expect(page.html).toContain(`action="/orders/${order.id}/confirm"`);
    const confirm = await buyer.browser.post(`/orders/${order.id}/confirm`, {});
    expect(confirm.status).toBe(303);
    const [paid] = await ordersFrom(t, buyer.id);
    expect(paid.status).toBe('paid');
    expect(await paymentsOf(order.id)).toBe(1);
    // Confirming twice changes nothing.
    expect((await buyer.browser.post(`/orders/${order.id}/confirm`, {})).status).toBe(303);
    expect(await paymentsOf(order.id)).toBe(1);
  });

  it('gives the stock back when the 24 h pass without confirmation', async () => {
    const s = await shop(t, app, { stock: 1 });
    const post = await shoppablePost(t, s);
    const buyer = await person(t, app, { details: true });
    await reply(buyer.token, post.id, '#buy');
    await runJobs(t);
    const [order] = await ordersFrom(t, buyer.id);
    expect(order.status).toBe('pending_confirmation');
    expect(await stockOf(t, s.variantId)).toBe(0);
    await queryRows(t.ctx.db, sql`update orders set expires_at = now() - interval '1 minute' where id = ${order.id}`);
    await queryRows(
      t.ctx.db,
      sql`update jobs set run_at = now() - interval '1 minute' where kind = 'order.expire' and payload->>'orderId' = ${order.id}`,
    );
    await runJobs(t);
    expect(await ordersFrom(t, buyer.id)).toHaveLength(0);
    expect(await stockOf(t, s.variantId)).toBe(1);
    // Too late to confirm.
    expect((await buyer.browser.post(`/orders/${order.id}/confirm`, {})).status).toBe(404);
  });

  it('can be declined: the order is cancelled and the stock comes back', async () => {
    const s = await shop(t, app, { stock: 2 });
    const post = await shoppablePost(t, s);
    const buyer = await person(t, app, { details: true });
    await reply(buyer.token, post.id, '#jachete');
    await runJobs(t);
    const [order] = await ordersFrom(t, buyer.id);
    expect(await stockOf(t, s.variantId)).toBe(1);
    expect((await buyer.browser.post(`/orders/${order.id}/cancel`, {})).status).toBe(303);
    expect((await ordersFrom(t, buyer.id))[0].status).toBe('cancelled');
    expect(await stockOf(t, s.variantId)).toBe(2);
    expect(await paymentsOf(order.id)).toBe(0);
  });

  it('asks for the missing details instead, and leads to the checkout of that post', async () => {
    const s = await shop(t, app);
    const post = await shoppablePost(t, s);
    const buyer = await person(t, app);
    const r = await reply(buyer.token, post.id, 'Je prends ! #jachete');
    await runJobs(t);
    expect(await ordersFrom(t, buyer.id)).toHaveLength(0);
    expect(await notificationsOf(buyer.id)).toEqual([
      { detail: 'reply_to_buy_incomplete', subject_id: r.id, from_account_id: s.brand.id },
    ]);
    const res = await buyer.browser.get(`/orders/${r.id}`);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/checkout/now?variant_id=${s.variantId}&source_status_id=${post.id}`);
  });

  it('ignores replies without the keyword, to posts without products, and the brand’s own keywords only count', async () => {
    const s = await shop(t, app);
    const post = await shoppablePost(t, s);
    const buyer = await person(t, app, { details: true });
    await reply(buyer.token, post.id, 'Magnifique, j’achète peut-être');
    const plain = await json<{ id: string }>(
      t.call('POST', '/api/v1/statuses', {
        token: s.owner.token,
        body: { status: 'Bonjour', as_account_id: s.brand.id },
      }),
    );
    await reply(buyer.token, plain.id, '#jachete');
    await runJobs(t);
    expect(await ordersFrom(t, buyer.id)).toHaveLength(0);
    // A brand's own keyword list replaces the defaults.
    await queryRows(
      t.ctx.db,
      sql`update shop_settings set buy_keywords = array['commande'] where brand_id = ${s.brand.id}`,
    );
    await reply(buyer.token, post.id, '#jachete');
    await runJobs(t);
    expect(await ordersFrom(t, buyer.id)).toHaveLength(0);
    await reply(buyer.token, post.id, 'Hop #Commande');
    await runJobs(t);
    expect(await ordersFrom(t, buyer.id)).toHaveLength(1);
  });

  it('confirms through the API too, and tells the buyer when it is sold out', async () => {
    const s = await shop(t, app, { stock: 1 });
    const post = await shoppablePost(t, s);
    const a = await person(t, app, { details: true });
    const b = await person(t, app, { details: true });
    await reply(a.token, post.id, '#jachete');
    await runJobs(t);
    await reply(b.token, post.id, '#jachete');
    await runJobs(t);
    expect(await ordersFrom(t, b.id)).toHaveLength(0);
    expect((await notificationsOf(b.id))[0].detail).toBe('reply_to_buy_out_of_stock');
    const [order] = await ordersFrom(t, a.id);
    const other = await t.call('POST', `/api/v1/reply_to_buy/${order.id}/confirm`, { token: b.token });
    expect(other.status).toBe(404);
    const done = await json(t.call('POST', `/api/v1/reply_to_buy/${order.id}/confirm`, { token: a.token }));
    expect(done).toMatchObject({ id: order.id, status: 'paid' });
  });
});
