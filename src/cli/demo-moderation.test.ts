import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/support/app';
import { queryRows } from '../db/client';
import { authenticate } from '../modules/accounts';
import { isPlatformModerator } from '../modules/moderation';
import { DEMO_PASSWORD, buildDemoWorld, type DemoWorld } from './demo-world';

let t: TestApp;
let world: DemoWorld;
beforeAll(async () => {
  t = await createTestApp();
  world = await buildDemoWorld(t.ctx, { accounts: 20, posts: 60, seed: 3, progress: false });
}, 180_000);
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
});
