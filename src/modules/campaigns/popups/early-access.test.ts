import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../../../test/support/app';
import { buyerWithCard, orderBody, shop, type Shop } from '../../../../test/support/orders';
import { queryRows } from '../../../db/client';
import { earlyAccessGate } from '../index';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const HOUR = 3_600_000;
const at = (ms: number) => new Date(t.clock.now().getTime() + ms).toISOString();
async function call(method: string, url: string, token?: string, body?: unknown) {
  const res = await t.call(method, url, { token, body });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}
const buy = (b: { token: string; methodId: string }, variantId: string, popupId?: string) =>
  call('POST', '/api/v1/orders', b.token, {
    ...orderBody(variantId, b.methodId),
    ...(popupId ? { popup_id: popupId } : {}),
  });

/** A follow dated exactly (the announcement is compared with it). */
async function followAt(accountId: string, brandId: string, when: Date) {
  await queryRows(
    t.ctx.db,
    sql`insert into follows (follower_id, followee_id, created_at) values (${accountId}, ${brandId}, ${when.toISOString()})`,
  );
}
async function announcedAt(table: 'products' | 'popups', id: string): Promise<Date> {
  const [row] = await queryRows<{ at: string }>(
    t.ctx.db,
    table === 'products'
      ? sql`select early_access_announced_at as at from products where id = ${id}`
      : sql`select early_access_announced_at as at from popups where id = ${id}`,
  );
  return new Date(row.at);
}

/** Three buyers: a follower from before the announcement, a late follower, a stranger. */
async function buyers(s: Shop, announced: Date) {
  const [loyal, late, stranger] = await Promise.all([buyerWithCard(t), buyerWithCard(t), buyerWithCard(t)]);
  await followAt(loyal.id, s.brand.id, new Date(announced.getTime() - 24 * HOUR));
  await followAt(late.id, s.brand.id, new Date(announced.getTime() + 60_000));
  return { loyal, late, stranger };
}

describe('early access for followers', () => {
  it('on a product: earlier followers order during early access, others get 403 early_access_only, all after', async () => {
    const s = await shop(t);
    const set = await call('PATCH', `/api/v1/products/${s.productId}`, s.ownerToken, {
      launches_at: at(2 * HOUR),
      early_access_hours: 3,
    });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ early_access_hours: 3, launches_at: expect.any(String) });
    const { loyal, late, stranger } = await buyers(s, await announcedAt('products', s.productId));
    expect((await buy(loyal, s.variantId)).status).toBe(201);
    for (const b of [late, stranger]) {
      const refused = await buy(b, s.variantId);
      expect(refused.status).toBe(403);
      expect(refused.body.error.code).toBe('early_access_only');
    }
    // The product page says when it opens for everyone, and for the follower that it is open now.
    const page = await t.app.request(`/@${s.brand.username}/products/${s.productId}`, {
      headers: { authorization: `Bearer ${stranger.token}` },
    });
    expect(await page.text()).toContain('Ouvert à tous le');
    const before = t.clock.now();
    try {
      t.clock.advance(2 * HOUR + 1000);
      expect((await buy(stranger, s.variantId)).status).toBe(201);
      expect((await buy(late, s.variantId)).status).toBe(201);
    } finally {
      t.clock.set(before);
    }
  });

  it('a launch date with no early access opens to nobody before it (409 not_launched); hours need a date (422)', async () => {
    const s = await shop(t);
    const noDate = await call('PATCH', `/api/v1/products/${s.productId}`, s.ownerToken, { early_access_hours: 5 });
    expect(noDate.status).toBe(422);
    expect(noDate.body.error.details.field).toBe('early_access_hours');
    await call('PATCH', `/api/v1/products/${s.productId}`, s.ownerToken, { launches_at: at(HOUR) });
    const b = await buyerWithCard(t);
    await followAt(b.id, s.brand.id, new Date(Date.now() - 48 * HOUR));
    const refused = await buy(b, s.variantId);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('not_launched');
    const bad = await call('PATCH', `/api/v1/products/${s.productId}`, s.ownerToken, { launches_at: 'demain' });
    expect(bad.status).toBe(422);
  });

  it('on a pop-up: earlier followers buy through it before it opens, the others wait', async () => {
    const s = await shop(t);
    const created = await call('POST', `/api/v1/brands/${s.brand.id}/popups`, s.ownerToken, {
      title: 'Vente privée',
      starts_at: at(HOUR),
      ends_at: at(3 * HOUR),
      product_ids: [s.productId],
      early_access_hours: 2,
    });
    expect(created.status).toBe(201);
    expect(created.body.status).toBe('scheduled');
    expect(created.body.early_access_from).toBe(new Date(Date.parse(created.body.starts_at) - 2 * HOUR).toISOString());
    const popupId = created.body.id;
    const { loyal, late, stranger } = await buyers(s, await announcedAt('popups', popupId));
    const ok = await buy(loyal, s.variantId, popupId);
    expect(ok.status).toBe(201);
    for (const b of [late, stranger]) {
      const refused = await buy(b, s.variantId, popupId);
      expect(refused.status).toBe(403);
      expect(refused.body.error.code).toBe('early_access_only');
    }
    const page = async (token: string) =>
      (await t.app.request(`/popups/${popupId}`, { headers: { authorization: `Bearer ${token}` } })).text();
    expect(await page(loyal.token)).toContain('data-popup-state="early"');
    const waiting = await page(stranger.token);
    expect(waiting).toContain('data-popup-state="scheduled"');
    expect(waiting).toContain('data-countdown-to');
  });

  it('earlyAccessGate: the one rule a pre-sale reuses', async () => {
    const s = await shop(t);
    const now = new Date();
    const announced = new Date(now.getTime() - HOUR);
    const { loyal, late, stranger } = await buyers(s, announced);
    const gate = (accountId: string | null, at = now) =>
      earlyAccessGate(t.ctx.db, {
        brandId: s.brand.id,
        accountId,
        opensToAllAt: new Date(now.getTime() + HOUR),
        earlyHours: 2,
        announcedAt: announced,
        now: at,
      });
    expect(await gate(loyal.id)).toMatchObject({ allowed: true, phase: 'early', qualifies: true });
    expect(await gate(late.id)).toMatchObject({ allowed: false, phase: 'early', qualifies: false });
    expect((await gate(stranger.id)).opensForYouAt.getTime()).toBe(now.getTime() + HOUR);
    expect(await gate(null, new Date(now.getTime() - 2 * HOUR))).toMatchObject({ allowed: false, phase: 'before' });
    expect(await gate(stranger.id, new Date(now.getTime() + 2 * HOUR))).toMatchObject({ allowed: true, phase: 'open' });
  });
});
