/**
 * The queue's paging and filters as a property: for random queues (types, flags, products, ages)
 * and random filters and page sizes, following `after` from page to page yields exactly the
 * matching pending items of that brand, oldest first, each once. Plus concurrent appeals.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../../test/support/app';
import { queryRows } from '../../db/client';
import { randomBytes } from 'node:crypto';
import { uuidv7, uuidv7Floor } from '../../db/ids';
import { createBrand } from '../accounts';
import { appToken, json, signUpUser, type TestUser } from '../social/api-test-support';
import { flagCodes, type FlagCode } from '../analysis';
import { queueCounters, queueRows, type QueueFilters } from './queue';
import { submitForModeration } from './submit';
import type { ModerationType } from './subjects';

let t: TestApp;
let owner: TestUser;
let author: TestUser;
let run = 0;
beforeAll(async () => {
  t = await createTestApp();
  const app = await appToken(t);
  owner = await signUpUser(t, app, 'q_owner');
  author = await signUpUser(t, app, 'q_author');
});
afterAll(() => t.close());

const types: ModerationType[] = ['review', 'post', 'reply', 'report'];
const products = [uuidv7(), uuidv7(), uuidv7()];
const HOUR = 3600_000;
/** A UUIDv7 of a past time (uuidv7() never goes back in time: it keeps ids monotonic). */
const idAt = (ms: number) => {
  const r = randomBytes(8).toString('hex');
  return `${uuidv7Floor(ms).slice(0, 20)}${r.slice(0, 3)}-${r.slice(3, 15)}`;
};

type Spec = {
  type: ModerationType;
  flags: FlagCode[];
  product: number;
  ageHours: number;
  status: 'pending' | 'approved';
};
const spec = fc.record({
  type: fc.constantFrom(...types),
  flags: fc.uniqueArray(fc.constantFrom(...flagCodes), { maxLength: 3 }),
  product: fc.integer({ min: 0, max: 2 }),
  ageHours: fc.integer({ min: 0, max: 200 }),
  status: fc.constantFrom('pending' as const, 'pending' as const, 'pending' as const, 'approved' as const),
});
const filters = fc.record(
  {
    type: fc.constantFrom(...types),
    flag: fc.constantFrom(...flagCodes),
    product: fc.integer({ min: 0, max: 2 }),
    olderThanHours: fc.constantFrom(0, 24, 72, 150),
  },
  { requiredKeys: [] },
);

describe('queue paging', () => {
  it('pages through exactly the matching pending items, oldest first, whatever the filters and page size', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(spec, { minLength: 0, maxLength: 25 }),
        filters,
        fc.integer({ min: 1, max: 7 }),
        async (specs, f, pageSize) => {
          const brand = await createBrand({ db: t.ctx.db }, owner.id, { username: `q_brand_${++run}` });
          // Ids made at their age, oldest first, as the queue orders them.
          const sorted = [...specs].sort((a, b) => b.ageHours - a.ageHours);
          const made: { id: string; s: Spec }[] = [];
          const now = Date.now();
          for (const [i, s] of sorted.entries()) {
            const id = idAt(now - s.ageHours * HOUR - (sorted.length - i));
            const codes = s.flags.length
              ? sql`array[${sql.join(
                  s.flags.map((c) => sql`${c}`),
                  sql`, `,
                )}]::text[]`
              : sql`'{}'::text[]`;
            await queryRows(
              t.ctx.db,
              sql`insert into moderation_items (id, brand_id, type, subject_id, author_id, product_id, flags, flag_codes, status)
                values (${id}, ${brand.id}, ${s.type}, ${uuidv7()}, ${author.id}, ${products[s.product]}, ${JSON.stringify(s.flags.map((code) => ({ code, confidence: 0.7, reason: 'p' })))}::jsonb, ${codes}, ${s.status})`,
            );
            made.push({ id, s });
          }
          const qf: QueueFilters = {
            type: f.type,
            flag: f.flag,
            productId: f.product === undefined ? undefined : products[f.product],
            olderThanHours: f.olderThanHours,
          };
          const expected = made
            .filter(({ s }) => s.status === 'pending')
            .filter(({ s }) => (f.type ? s.type === f.type : true))
            .filter(({ s }) => (f.flag ? s.flags.includes(f.flag) : true))
            .filter(({ s }) => (f.product === undefined ? true : s.product === f.product))
            // Every item was made before the query ran, so one exactly at the boundary has waited longer than it.
            .filter(({ s }) => (f.olderThanHours === undefined ? true : s.ageHours >= f.olderThanHours))
            .map(({ id }) => id)
            .sort();
          const seen: string[] = [];
          let after: string | undefined;
          for (let guard = 0; guard < 50; guard++) {
            const page = await queueRows(t.ctx.db, brand.id, { ...qf, after, limit: pageSize });
            seen.push(...page.map((r) => r.id));
            if (page.length < pageSize) break;
            after = page[page.length - 1].id;
          }
          expect(seen).toEqual(expected);
        },
      ),
      { numRuns: 25 },
    );
  });
});

describe('counters', () => {
  it('count exactly up to the cap, then say there are more; the oldest age and items past the delay', async () => {
    const brand = await createBrand({ db: t.ctx.db }, owner.id, { username: 'q_counters' });
    const now = Date.now();
    for (const hours of [100, 60, 50, 1, 0]) {
      await queryRows(
        t.ctx.db,
        sql`insert into moderation_items (id, brand_id, type, subject_id) values (${idAt(now - hours * HOUR)}, ${brand.id}, 'review', ${uuidv7()})`,
      );
    }
    const exact = await queueCounters(t.ctx.db, owner.id, brand.id);
    expect(exact).toMatchObject({
      pending: 5,
      pendingMore: false,
      pastDelay: 3,
      pastDelayMore: false,
      maxDelayHours: 48,
    });
    expect(Math.round(exact.oldestSeconds! / 3600)).toBe(100);
    expect(await queueCounters(t.ctx.db, owner.id, brand.id, 4)).toMatchObject({
      pending: 4,
      pendingMore: true,
      pastDelay: 3,
      pastDelayMore: false,
    });
    expect(await queueCounters(t.ctx.db, owner.id, brand.id, 2)).toMatchObject({
      pending: 2,
      pendingMore: true,
      pastDelay: 2,
      pastDelayMore: true,
    });
  });
});

describe('appeals under concurrency', () => {
  it('parallel appeals of one rejection: one 201, the rest 409, one new item', async () => {
    const brand = await createBrand({ db: t.ctx.db }, owner.id, { username: 'q_appeal' });
    const item = await t.ctx.db.transaction((tx) =>
      submitForModeration(tx, {
        brandId: brand.id,
        type: 'review',
        subjectId: uuidv7(),
        authorId: author.id,
        flags: [],
      }),
    );
    await json(
      t.call('POST', `/api/v1/moderation/items/${item.id}/reject`, { token: owner.token, body: { reason: 'other' } }),
    );
    const responses = await Promise.all(
      Array.from({ length: 6 }, () =>
        t.call('POST', `/api/v1/moderation/items/${item.id}/appeal`, { token: author.token, body: { text: 'svp' } }),
      ),
    );
    expect(responses.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
    const [row] = await queryRows<{ n: number }>(
      t.ctx.db,
      sql`select count(*)::int as n from moderation_items where appeal_of = ${item.id}`,
    );
    expect(row.n).toBe(1);
  });

  it('the OpenAPI document describes the moderation routes', async () => {
    const doc = await json<any>(t.call('GET', '/api/openapi.json'));
    for (const path of [
      '/api/v1/brands/{id}/moderation/queue',
      '/api/v1/moderation/items/{id}/approve',
      '/api/v1/moderation/items/{id}/reject',
      '/api/v1/moderation/reports',
      '/api/v1/reports',
    ])
      expect(doc.paths[path]).toBeDefined();
  });
});
