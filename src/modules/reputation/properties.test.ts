/**
 * Properties over large input spaces: input checks accept exactly what they should; keyset paging
 * visits every published review once, in order, for every sort, even with ties; the aggregate kept
 * in the status transactions always equals the one recomputed from the reviews, whatever the
 * sequence of publications, rejections, edits and withdrawals.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../../test/support/app';
import { queryRows } from '../../db/client';
import { uuidv7 } from '../../db/ids';
import { AppError } from '../../http/errors';
import { person, shop } from '../../../test/support/orders';
import { ratingSummary, recomputedSummary } from './aggregate';
import { applyDecision } from './decisions';
import { productReviewIds, reviewSorts, type ReviewSort } from './listing';
import { editReview, withdrawReview } from './service';
import { checkExperiencedOn, checkRating } from './validation';

const codeOf = (f: () => unknown) => {
  try {
    f();
    return null;
  } catch (e) {
    return e instanceof AppError ? e.code : 'crash';
  }
};

describe('input checks', () => {
  it('a rating is accepted exactly when it is a whole number from 1 to 5', () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer(), fc.double(), fc.string(), fc.constant(null), fc.boolean()), (value) => {
        const ok =
          typeof value === 'number'
            ? Number.isInteger(value) && value >= 1 && value <= 5
            : typeof value === 'string' && /^\s*[1-5]\s*$/.test(value);
        const code = codeOf(() => checkRating(value));
        expect(code).toBe(ok ? null : 'invalid_rating');
      }),
      { numRuns: 500 },
    );
  });

  it('a date of experience is accepted exactly when it is a real calendar day from 1970 to today', () => {
    const now = new Date('2026-11-22T12:00:00Z');
    fc.assert(
      fc.property(
        fc.integer({ min: 1900, max: 2100 }),
        fc.integer({ min: 0, max: 13 }),
        fc.integer({ min: 0, max: 32 }),
        (y, m, d) => {
          const text = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
          const date = new Date(Date.UTC(y, m - 1, d));
          const real =
            m >= 1 && m <= 12 && d >= 1 && date.getUTCMonth() === m - 1 && date.getUTCDate() === d && y >= 1970;
          const code = codeOf(() => checkExperiencedOn(text, now));
          if (!real) expect(code).toBe('invalid_date');
          else if (date.getTime() > now.getTime() + 24 * 3600_000) expect(code).toBe('future_date');
          else expect(code).toBeNull();
        },
      ),
      { numRuns: 1000 },
    );
    fc.assert(
      fc.property(fc.string(), (s) => {
        expect(['invalid_date', 'future_date', null]).toContain(codeOf(() => checkExperiencedOn(s, now)));
      }),
    );
  });
});

describe('with a database', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('keyset paging visits every published review once, in the sort’s order, ties included', async () => {
    const s = await shop(t);
    // One author per review: one live unverified review per author and product.
    const authors = await Promise.all(Array.from({ length: 25 }, () => person(t)));
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            rating: fc.integer({ min: 1, max: 5 }),
            minute: fc.integer({ min: 0, max: 3 }),
            helpful: fc.integer({ min: 0, max: 2 }),
            published: fc.boolean(),
          }),
          { minLength: 0, maxLength: 25 },
        ),
        fc.integer({ min: 1, max: 6 }),
        async (rows, pageSize) => {
          await queryRows(t.ctx.db, sql`delete from reviews where product_id = ${s.productId}`);
          for (const [i, r] of rows.entries()) {
            // Same minute for several reviews: ties on published_at, broken by id.
            await queryRows(
              t.ctx.db,
              sql`insert into reviews (id, product_id, brand_id, author_id, verified, rating, body, status, published_at, helpful_count)
                  values (${uuidv7()}, ${s.productId}, ${s.brand.id}, ${authors[i].id}, true, ${r.rating}, ${`avis ${i}`},
                          ${r.published ? 'published' : 'pending'}, ${r.published ? new Date(Date.UTC(2026, 10, 1, 12, r.minute)).toISOString() : null}, ${r.helpful})`,
            );
          }
          for (const sort of reviewSorts) {
            const all = await productReviewIds(t.ctx.db, s.productId, { sort, limit: 50 });
            const seen: string[] = [];
            let maxId: string | undefined;
            for (let guard = 0; guard < 50; guard++) {
              const page = await productReviewIds(t.ctx.db, s.productId, { sort, maxId, limit: pageSize });
              seen.push(...page);
              if (page.length < pageSize) break;
              maxId = page[page.length - 1];
            }
            expect(seen, sort).toEqual(all);
            expect(all.length).toBe(rows.filter((r) => r.published).length);
            const details = await queryRows<{ id: string; rating: number; published_at: Date; helpful_count: number }>(
              t.ctx.db,
              sql`select id, rating, published_at, helpful_count from reviews where product_id = ${s.productId}`,
            );
            const byId = new Map(details.map((d) => [d.id, d]));
            const key = (id: string, sortBy: ReviewSort): (number | string)[] => {
              const d = byId.get(id)!;
              const at = new Date(d.published_at).getTime();
              if (sortBy === 'rating_desc') return [-d.rating, -at, id];
              if (sortBy === 'rating_asc') return [d.rating, -at, id];
              if (sortBy === 'helpful') return [-d.helpful_count, -at, id];
              return [-at, id];
            };
            for (let i = 1; i < all.length; i++) {
              const [a, b] = [key(all[i - 1], sort), key(all[i], sort)];
              const n = a.length - 1;
              const headCompare = a.slice(0, n).join(',') === b.slice(0, n).join(',') ? 0 : null;
              if (headCompare === 0) expect(String(a[n]) > String(b[n]), `${sort}: id tie-break`).toBe(true);
              else {
                const firstDiff = a.findIndex((x, k) => x !== b[k]);
                expect(Number(a[firstDiff]) < Number(b[firstDiff]), `${sort}: order`).toBe(true);
              }
            }
          }
        },
      ),
      { numRuns: 25 },
    );
  });

  it('the aggregate equals the recomputed one after any sequence of decisions, edits and withdrawals', async () => {
    const s = await shop(t);
    const people = await Promise.all(Array.from({ length: 5 }, () => person(t)));
    const ids: { id: string; author: string }[] = [];
    for (const [i, p] of people.entries()) {
      const id = uuidv7();
      await queryRows(
        t.ctx.db,
        sql`insert into reviews (id, product_id, brand_id, author_id, verified, rating, body, status) values (${id}, ${s.productId}, ${s.brand.id}, ${p.id}, false, ${1 + (i % 5)}, 'Bon produit, rien à redire.', 'pending')`,
      );
      ids.push({ id, author: p.id });
    }
    const op = fc.record({
      kind: fc.constantFrom('approve', 'reject', 'edit', 'withdraw'),
      who: fc.integer({ min: 0, max: 4 }),
      rating: fc.integer({ min: 1, max: 5 }),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 12 }), async (ops) => {
        for (const o of ops) {
          const r = ids[o.who];
          try {
            if (o.kind === 'approve' || o.kind === 'reject')
              await t.ctx.db.transaction((tx) =>
                applyDecision(tx, r.id, {
                  action: o.kind as 'approve' | 'reject',
                  reason: 'insult',
                  moderatorId: r.author,
                }),
              );
            else if (o.kind === 'edit') await editReview(t.ctx, r.author, r.id, { rating: o.rating });
            else await withdrawReview(t.ctx, r.author, r.id);
          } catch (e) {
            // Editing a withdrawn review is refused (409): part of the rules, not a failure.
            if (!(e instanceof AppError && e.code === 'not_editable')) throw e;
          }
          expect(await ratingSummary(t.ctx.db, s.productId)).toEqual(await recomputedSummary(t.ctx.db, s.productId));
        }
      }),
      { numRuns: 15 },
    );
  });
});
