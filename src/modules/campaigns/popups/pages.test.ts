import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../../../test/support/app';
import { BrowserSession } from '../../../../test/support/browser-session';
import { person, shop } from '../../../../test/support/orders';
import { queryRows } from '../../../db/client';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const browserOf = async (accountId: string) => {
  const b = new BrowserSession(t);
  await b.actAs(accountId);
  return b;
};

describe('pop-up pages in the back-office', () => {
  it('the campaigns section lists pop-ups; owners create one in Paris time, a community manager announces it', async () => {
    const s = await shop(t);
    const owner = await browserOf(s.owner.id);
    const section = await owner.page(`/brands/${s.brand.username}/campaigns`);
    expect(section.status).toBe(200);
    expect(section.html).toContain(`href="/brands/${s.brand.username}/campaigns/popups"`);
    const created = await owner.post(`/brands/${s.brand.username}/campaigns/popups`, {
      title: 'Pop-up de l’été',
      starts_at: '2030-06-01T10:00',
      ends_at: '2030-06-03T19:00',
      product_ids: s.productId,
      early_access_hours: '0',
    });
    expect(created.status).toBe(303);
    const [row] = await queryRows<{ id: string; starts_at: string; ends_at: string }>(
      t.ctx.db,
      sql`select id, starts_at, ends_at from popups where brand_id = ${s.brand.id}`,
    );
    // Paris is two hours ahead of UTC in June.
    expect(new Date(row.starts_at).toISOString()).toBe('2030-06-01T08:00:00.000Z');
    expect(new Date(row.ends_at).toISOString()).toBe('2030-06-03T17:00:00.000Z');

    const bad = await owner.post(`/brands/${s.brand.username}/campaigns/popups`, {
      title: 'À l’envers',
      starts_at: '2030-06-03T10:00',
      ends_at: '2030-06-01T10:00',
      product_ids: s.productId,
    });
    expect(bad.status).toBe(422);

    const cm = await browserOf((await s.member('community_manager')).id);
    const list = await cm.page(`/brands/${s.brand.username}/campaigns/popups`);
    expect(list.status).toBe(200);
    expect(list.html).toContain('Pop-up de l’été');
    expect(list.html).not.toContain('name="starts_at"');
    const announced = await cm.post(`/brands/${s.brand.username}/campaigns/popups/${row.id}/announce`, {});
    expect(announced.status).toBe(303);
    expect(await queryRows(t.ctx.db, sql`select 1 from statuses where account_id = ${s.brand.id}`)).toHaveLength(1);

    const staff = await browserOf((await s.member('staff')).id);
    expect((await staff.page(`/brands/${s.brand.username}/campaigns`)).status).toBe(403);
    expect((await staff.page(`/brands/${s.brand.username}/campaigns/popups`)).status).toBe(403);

    // A follower asks to be told from the public page.
    const fan = await person(t);
    const b = await browserOf(fan.id);
    const page = await b.page(`/popups/${row.id}`);
    expect(page.html).toContain('Prévenez-moi');
    const subscribed = await b.post(`/popups/${row.id}/subscribe`, {});
    expect(subscribed.status).toBe(303);
    expect((await b.page(`/popups/${row.id}?subscribed=1`)).html).toContain('vous serez prévenu');
  });
});
