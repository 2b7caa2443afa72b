// The demo's commission ledger on its own (without the ambassadors' demo): the ambassador's
// balances show pending, payable and paid amounts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../test/support/app';
import { person, shop } from '../../test/support/orders';
import { queryRows } from '../db/client';
import { getAccounts, type Account } from '../modules/accounts';
import { ledgerBalances } from '../modules/ambassadors';
import { createDemoLedger } from './demo-ledger';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('demo ledger', () => {
  it('leaves an ambassador with pending, payable and paid commissions', async () => {
    const s = await shop(t, { price: 2400, stock: 100 });
    const ids = [];
    for (let i = 0; i < 6; i++) ids.push((await person(t)).id);
    const accounts = await getAccounts(t.ctx, [s.brand.id, s.owner.id, ...ids]);
    const brand = accounts.get(s.brand.id) as Account;
    const teams = new Map([[brand.id, [{ account: accounts.get(s.owner.id) as Account, role: 'owner' as const }]]]);
    await createDemoLedger(
      t.ctx,
      [brand],
      teams,
      ids.map((id) => accounts.get(id) as Account),
    );
    const [member] = await queryRows<{ id: string }>(
      t.ctx.db,
      sql`select id from ambassadors where brand_id = ${brand.id}`,
    );
    const b = (await ledgerBalances(t.ctx.db, [member.id])).get(member.id)!;
    expect(b.pending.amount).toBeGreaterThan(0);
    expect(b.payable.amount).toBeGreaterThan(0);
    expect(b.paid.amount).toBeGreaterThan(0);
  });
});
