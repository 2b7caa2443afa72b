import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../../../test/support/app';
import { buyerWithCard, orderBody, person, shop, type Shop } from '../../../../test/support/orders';
import { queryRows } from '../../../db/client';
import { uuidv7 } from '../../../db/ids';
import { jobHandlers } from '../../../jobs/handlers';
import { products, variants } from '../../../db/schema';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

async function call(method: string, url: string, token?: string, body?: unknown) {
  const res = await t.call(method, url, { token, body });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}
const HOUR = 3_600_000;
const at = (ms: number) => new Date(t.clock.now().getTime() + ms).toISOString();
const rows = <T>(q: ReturnType<typeof sql>) => queryRows<T>(t.ctx.db, q);

/** A second published product of the shop's brand. */
async function secondProduct(s: Shop) {
  const productId = uuidv7();
  await t.ctx.db.insert(products).values({ id: productId, brandId: s.brand.id, title: 'Morbier', status: 'published' });
  const variantId = uuidv7();
  await t.ctx.db.insert(variants).values({
    id: variantId,
    productId,
    brandId: s.brand.id,
    sku: `MRB-${variantId.slice(-6)}`,
    priceAmount: 900,
    stock: 10,
  });
  return { productId, variantId };
}

const newPopup = (s: Shop, body: Record<string, unknown> = {}, token = s.ownerToken) =>
  call('POST', `/api/v1/brands/${s.brand.id}/popups`, token, {
    title: 'Fromages d’hiver',
    starts_at: at(HOUR),
    ends_at: at(3 * HOUR),
    product_ids: [s.productId],
    ...body,
  });
const buy = (b: { token: string; methodId: string }, variantId: string, popupId?: string) =>
  call('POST', '/api/v1/orders', b.token, {
    ...orderBody(variantId, b.methodId),
    ...(popupId ? { popup_id: popupId } : {}),
  });

describe('pop-up stores', () => {
  it('creates one (201 {id, url, status}); its status follows the clock', async () => {
    const s = await shop(t);
    const created = await newPopup(s);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: expect.any(String), status: 'scheduled' });
    expect(created.body.url).toBe(`http://localhost:3000/popups/${created.body.id}`);
    const before = t.clock.now();
    try {
      t.clock.advance(HOUR + 1000);
      expect((await call('GET', `/api/v1/popups/${created.body.id}`)).body.status).toBe('open');
      t.clock.advance(2 * HOUR);
      expect((await call('GET', `/api/v1/popups/${created.body.id}`)).body.status).toBe('closed');
    } finally {
      t.clock.set(before);
    }
    const list = await call('GET', `/api/v1/brands/${s.brand.id}/popups`);
    expect(list.body.map((p: { id: string }) => p.id)).toContain(created.body.id);
  });

  it('refuses bad input with 422 naming the field, and writes nothing', async () => {
    const s = await shop(t);
    const other = await shop(t);
    const count = async () =>
      (await rows<{ n: number }>(sql`select count(*)::int as n from popups where brand_id = ${s.brand.id}`))[0].n;
    const endBefore = await newPopup(s, { starts_at: at(2 * HOUR), ends_at: at(HOUR) });
    expect(endBefore.status).toBe(422);
    expect(endBefore.body.error).toMatchObject({ code: 'invalid_ends_at', details: { field: 'ends_at' } });
    const foreign = await newPopup(s, { product_ids: [s.productId, other.productId] });
    expect(foreign.status).toBe(422);
    expect(foreign.body.error).toMatchObject({ code: 'unknown_product', details: { field: 'product_ids' } });
    expect((await newPopup(s, { title: '' })).body.error.details.field).toBe('title');
    expect((await newPopup(s, { early_access_hours: 1000 })).status).toBe(422);
    expect(await count()).toBe(0);
  });

  it('only owners and admins create; a community manager announces; another brand’s owner gets 403', async () => {
    const s = await shop(t);
    const cm = await s.member('community_manager');
    const admin = await s.member('admin');
    const stranger = await shop(t);
    expect((await newPopup(s, {}, cm.token)).status).toBe(403);
    expect((await newPopup(s, {}, stranger.ownerToken)).status).toBe(403);
    const created = await newPopup(s, {}, admin.token);
    expect(created.status).toBe(201);
    const id = created.body.id;
    expect((await call('PATCH', `/api/v1/popups/${id}`, cm.token, { title: 'Autre' })).status).toBe(403);
    const announced = await call('POST', `/api/v1/popups/${id}/announce`, cm.token);
    expect(announced.status).toBe(201);
    const [post] = await rows<{ account_id: string; written_by_id: string; text: string }>(
      sql`select account_id, written_by_id, text from statuses where id = ${announced.body.status_id}`,
    );
    expect(post).toMatchObject({ account_id: s.brand.id, written_by_id: cm.id });
    expect(post.text).toContain(`/popups/${id}`);
    expect((await call('POST', `/api/v1/popups/${id}/announce`, stranger.ownerToken)).status).toBe(403);
    const patched = await call('PATCH', `/api/v1/popups/${id}`, admin.token, { title: 'Comtés d’hiver' });
    expect(patched.body.title).toBe('Comtés d’hiver');
    expect((await call('GET', `/api/v1/popups/${uuidv7()}`)).status).toBe(404);
  });

  it('orders through it: 409 before opening and after closing, attributed while open, 422 for other products', async () => {
    const s = await shop(t);
    const extra = await secondProduct(s);
    const b = await buyerWithCard(t);
    const { body: popup } = await newPopup(s, { starts_at: at(HOUR), ends_at: at(2 * HOUR) });
    const early = await buy(b, s.variantId, popup.id);
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('popup_not_open');
    const before = t.clock.now();
    try {
      t.clock.advance(HOUR + 1000);
      const stray = await buy(b, extra.variantId, popup.id);
      expect(stray.status).toBe(422);
      expect(stray.body.error.code).toBe('not_in_popup');
      const ok = await buy(b, s.variantId, popup.id);
      expect(ok.status).toBe(201);
      const [link] = await rows<{ popup_id: string }>(
        sql`select popup_id from popup_orders where order_id = ${ok.body.id}`,
      );
      expect(link.popup_id).toBe(popup.id);
      // Without popup_id the same product is bought as usual, and not attributed.
      const plain = await buy(b, s.variantId);
      expect(plain.status).toBe(201);
      expect(await rows(sql`select 1 from popup_orders where order_id = ${plain.body.id}`)).toHaveLength(0);
      t.clock.advance(HOUR);
      const late = await buy(b, s.variantId, popup.id);
      expect(late.status).toBe(409);
      expect(late.body.error.code).toBe('popup_not_open');
      // The brand's order page names the pop-up.
      const page = await t.app.request(`/brands/${s.brand.username}/orders/${ok.body.id}`, {
        headers: { authorization: `Bearer ${s.ownerToken}` },
      });
      expect(await page.text()).toContain('Fromages d’hiver');
    } finally {
      t.clock.set(before);
    }
    // A made-up pop-up id is refused, nothing bought.
    const unknown = await buy(b, s.variantId, uuidv7());
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.code).toBe('unknown_popup');
  });

  it('subscribers are notified by the opening job, which survives a restart (it waits in the jobs table)', async () => {
    const s = await shop(t);
    const fan = await person(t);
    const { body: popup } = await newPopup(s, { starts_at: at(2000), ends_at: at(HOUR) });
    expect((await call('POST', `/api/v1/popups/${popup.id}/subscribe`, fan.token)).status).toBe(200);
    expect((await call('POST', `/api/v1/popups/${popup.id}/subscribe`, fan.token)).status).toBe(200);
    const jobs = await rows<{ kind: string; run_at: string }>(
      sql`select kind, run_at from jobs where payload->>'popupId' = ${popup.id} order by run_at`,
    );
    expect(jobs.map((j) => j.kind)).toEqual(['popup.open', 'popup.close']);
    expect(new Date(jobs[0].run_at).toISOString()).toBe(popup.starts_at);
    // A fresh process: new handlers, the job read back from the table, run once the time has come.
    const before = t.clock.now();
    try {
      t.clock.advance(3000);
      const handlers = jobHandlers(t.ctx);
      const [job] = await rows<{ payload: { popupId: string } }>(
        sql`select payload from jobs where kind = 'popup.open' and payload->>'popupId' = ${popup.id}`,
      );
      await handlers['popup.open'](job.payload);
      await handlers['popup.open'](job.payload); // a retry changes nothing
    } finally {
      t.clock.set(before);
    }
    const posts = await rows<{ id: string; text: string }>(
      sql`select id, text from statuses where account_id = ${s.brand.id}`,
    );
    expect(posts).toHaveLength(1);
    expect(posts[0].text).toContain(`/popups/${popup.id}`);
    const notes = await rows<{ type: string; status_id: string; subject_id: string }>(
      sql`select type, status_id, subject_id from notifications where account_id = ${fan.id}`,
    );
    expect(notes).toEqual([{ type: 'campaign', status_id: posts[0].id, subject_id: popup.id }]);
    const shown = await call('GET', `/api/v1/popups/${popup.id}`);
    expect(shown.body.opening_status_id).toBe(posts[0].id);
  });

  it('buyers racing through an open pop-up: every paid order attributed once; subscribing in parallel counts once', async () => {
    const s = await shop(t, { stock: 5 });
    const { body: popup } = await newPopup(s, { starts_at: at(-1000), ends_at: at(HOUR) });
    const buyers = await Promise.all(Array.from({ length: 12 }, () => buyerWithCard(t)));
    const results = await Promise.all(buyers.map((b) => buy(b, s.variantId, popup.id)));
    const paid = results.filter((r) => r.status === 201);
    expect(paid).toHaveLength(5);
    expect(results.filter((r) => r.status === 409).every((r) => r.body.error.code === 'out_of_stock')).toBe(true);
    const linked = await rows<{ order_id: string }>(
      sql`select order_id from popup_orders where popup_id = ${popup.id}`,
    );
    expect(linked.map((l) => l.order_id).sort()).toEqual(paid.map((r) => r.body.id).sort());
    const fan = await person(t);
    const subs = await Promise.all(
      Array.from({ length: 8 }, () => call('POST', `/api/v1/popups/${popup.id}/subscribe`, fan.token)),
    );
    expect(subs.every((r) => r.status === 200)).toBe(true);
    const count = await rows<{ n: number }>(
      sql`select count(*)::int as n from popup_subscribers where popup_id = ${popup.id}`,
    );
    expect(count[0].n).toBe(1);
  });

  it('the closing job drops orders through it still waiting for payment (stock back)', async () => {
    const s = await shop(t, { stock: 3 });
    const b = await buyerWithCard(t, 'tok_requires_action');
    const { body: popup } = await newPopup(s, { starts_at: at(-1000), ends_at: at(HOUR) });
    const held = await buy(b, s.variantId, popup.id);
    expect(held.body.status).toBe('awaiting_payment');
    const before = t.clock.now();
    try {
      t.clock.advance(HOUR + 1000);
      await jobHandlers(t.ctx)['popup.close']({ popupId: popup.id });
    } finally {
      t.clock.set(before);
    }
    expect(await rows(sql`select 1 from orders where id = ${held.body.id}`)).toHaveLength(0);
    const [v] = await rows<{ stock: number }>(sql`select stock from variants where id = ${s.variantId}`);
    expect(v.stock).toBe(3);
  });

  it('shows a countdown before opening, Buy buttons carrying the pop-up while open, and a closed notice after', async () => {
    const s = await shop(t);
    const { body: popup } = await newPopup(s, { starts_at: at(HOUR), ends_at: at(2 * HOUR) });
    const page = async () => (await t.app.request(`/popups/${popup.id}`)).text();
    const soon = await page();
    expect(soon).toContain('data-popup-state="scheduled"');
    expect(soon).toContain('data-countdown-to');
    const before = t.clock.now();
    try {
      t.clock.advance(HOUR + 1000);
      const open = await page();
      expect(open).toContain('data-popup-state="open"');
      expect(open).toContain(`popup_id=${popup.id}`);
      t.clock.advance(HOUR);
      const closed = await page();
      expect(closed).toContain('data-popup-state="closed"');
      expect(closed).not.toContain(`popup_id=${popup.id}`);
    } finally {
      t.clock.set(before);
    }
  });
});
