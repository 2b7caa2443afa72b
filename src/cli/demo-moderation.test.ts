import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/support/app';
import { queryRows } from '../db/client';
import { authenticate } from '../modules/accounts';
import { isPlatformModerator } from '../modules/moderation';
import { unreadCount } from '../modules/social';
import { DEMO_PASSWORD, buildDemoWorld, type DemoWorld } from './demo-world';

let t: TestApp;
let world: DemoWorld;
beforeAll(async () => {
  t = await createTestApp();
  world = await buildDemoWorld(t.ctx, { accounts: 20, posts: 60, seed: 3, progress: false });
}, 600_000); // a shared, busy machine can take minutes
afterAll(() => t?.close());

describe('moderation in the demo world', () => {
  it('has a platform moderator login and items waiting in every brand’s queue and the platform’s', async () => {
    const login = world.logins.find((l) => l.username === 'claire')!;
    expect(login.role).toContain('platform moderator');
    const claire = await authenticate({ db: t.ctx.db }, 'claire', DEMO_PASSWORD);
    expect(await isPlatformModerator(t.ctx.db, claire.id)).toBe(true);
    const perBrand = await queryRows<{ brand_id: string | null; n: number }>(
      t.ctx.db,
      sql`select brand_id, count(*)::int as n from moderation_items where status = 'pending' group by brand_id`,
    );
    for (const brand of world.brands)
      expect(perBrand.find((r) => r.brand_id === brand.id)?.n ?? 0).toBeGreaterThanOrEqual(2);
    expect(perBrand.find((r) => r.brand_id === null)?.n).toBe(1);
  });

  it('leaves the demo shopper (chloe) out of it: her first view shows no insult and a handful of unread notifications', async () => {
    const [chloe] = await queryRows<{ id: string }>(t.ctx.db, sql`select id from accounts where username = 'chloe'`);
    const [flagged] = await queryRows<{ n: number }>(
      t.ctx.db,
      sql`select count(*)::int as n from moderation_items
          where author_id = ${chloe!.id} and subject_id in (select id from statuses)`,
    );
    expect(flagged!.n).toBe(0);
    const [reports] = await queryRows<{ n: number }>(
      t.ctx.db,
      sql`select count(*)::int as n from reports where reporter_id = ${chloe!.id}`,
    );
    expect(reports!.n).toBe(0);
    expect(await unreadCount({ db: t.ctx.db }, chloe!.id)).toBeLessThanOrEqual(4);
  });
});
