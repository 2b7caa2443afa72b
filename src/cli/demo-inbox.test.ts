import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/support/app';
import { person, shop } from '../../test/support/orders';
import { queryRows } from '../db/client';
import { getAccounts, type Account, type BrandRole } from '../modules/accounts';
import { createDemoInbox } from './demo-inbox';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('the demo inbox', () => {
  it('has conversations in every state, assigned to the owner and the community manager, and saved replies', async () => {
    const s = await shop(t);
    const cm = await s.member('community_manager');
    const staff = await s.member('staff');
    const customers = await Promise.all(Array.from({ length: 6 }, () => person(t)));
    const accounts = await getAccounts({ db: t.ctx.db }, [s.owner.id, cm.id, staff.id, ...customers.map((c) => c.id)]);
    const team: { account: Account; role: BrandRole }[] = [
      { account: accounts.get(s.owner.id)!, role: 'owner' },
      { account: accounts.get(cm.id)!, role: 'community_manager' },
      { account: accounts.get(staff.id)!, role: 'staff' },
    ];
    await createDemoInbox(
      t.ctx,
      [s.brand],
      new Map([[s.brand.id, team]]),
      customers.map((c) => accounts.get(c.id)!),
    );
    const rows = await queryRows<{ status: string; assignee_id: string | null; rating: number | null }>(
      t.ctx.db,
      sql`select status, assignee_id, rating from inbox_conversations where brand_id = ${s.brand.id}`,
    );
    expect(new Set(rows.map((r) => r.status))).toEqual(new Set(['open', 'pending', 'snoozed', 'resolved']));
    expect(new Set(rows.map((r) => r.assignee_id))).toEqual(new Set([null, s.owner.id, cm.id]));
    expect(rows.find((r) => r.status === 'resolved')?.rating).toBe(5);
    const [saved] = await queryRows<{ n: number }>(
      t.ctx.db,
      sql`select count(*)::int as n from inbox_saved_replies where brand_id = ${s.brand.id}`,
    );
    expect(Number(saved.n)).toBe(3);
  });
});
