import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../../test/support/app';
import { queryRows } from '../../db/client';
import { uuidv7 } from '../../db/ids';
import { createBrand } from '../accounts';
import { appToken, signUpUser } from '../social/api-test-support';
import { defaultReasons, policyFor, submitForModeration } from './index';

let t: TestApp;
let brandId: string;
let authorId: string;
beforeAll(async () => {
  t = await createTestApp();
  const app = await appToken(t);
  const owner = await signUpUser(t, app, 'sub_owner');
  authorId = (await signUpUser(t, app, 'sub_author')).id;
  brandId = (await createBrand({ db: t.ctx.db }, owner.id, { username: 'sub_brand' })).id;
});
afterAll(() => t.close());

describe('policyFor', () => {
  it('gives the defaults for a brand without a policy row', async () => {
    const p = await policyFor(t.ctx.db, brandId);
    expect(p).toMatchObject({
      brandId,
      mode: 'pre',
      maxDelayHours: 48,
      allowUnverifiedReviews: true,
      staffPostsNeedApproval: false,
    });
    expect(p.reasons).toEqual(defaultReasons);
  });
  it('the SQL default of reasons matches the code default', async () => {
    await queryRows(t.ctx.db, sql`insert into moderation_policies (brand_id) values (${brandId})`);
    expect((await policyFor(t.ctx.db, brandId)).reasons).toEqual(defaultReasons);
    await queryRows(t.ctx.db, sql`delete from moderation_policies where brand_id = ${brandId}`);
  });
});

describe('submitForModeration', () => {
  it('queues a subject once: a second submission while pending updates flags and keeps the item', async () => {
    const subjectId = uuidv7();
    const first = await t.ctx.db.transaction((tx) =>
      submitForModeration(tx, { brandId, type: 'review', subjectId, authorId, flags: [] }),
    );
    expect(first).toMatchObject({ status: 'pending', created: true });
    const again = await t.ctx.db.transaction((tx) =>
      submitForModeration(tx, {
        brandId,
        type: 'review',
        subjectId,
        authorId,
        flags: [
          { code: 'insult', confidence: 0.8, reason: 'x' },
          { code: 'advertising', confidence: 0.95, reason: 'y' },
        ],
      }),
    );
    expect(again).toEqual({ id: first.id, status: 'pending', created: false });
    const [row] = await queryRows<{ flag_codes: string[]; confidence: number; n: number }>(
      t.ctx.db,
      sql`select flag_codes, confidence, (select count(*)::int from moderation_items where subject_id = ${subjectId}) as n from moderation_items where id = ${first.id}`,
    );
    expect(row.n).toBe(1);
    expect(row.flag_codes).toEqual(['advertising', 'insult']);
    expect(row.confidence).toBeCloseTo(0.95);
    const audit = await queryRows<{ action: string }>(
      t.ctx.db,
      sql`select action from moderation_actions where item_id = ${first.id}`,
    );
    expect(audit.map((a) => a.action)).toEqual(['queued']);
  });
  it('rolls back with the caller’s transaction', async () => {
    const subjectId = uuidv7();
    await expect(
      t.ctx.db.transaction(async (tx) => {
        await submitForModeration(tx, { brandId, type: 'review', subjectId, flags: [] });
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await queryRows(t.ctx.db, sql`select 1 from moderation_items where subject_id = ${subjectId}`)).toHaveLength(
      0,
    );
  });
});
