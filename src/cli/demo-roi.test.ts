import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../db/client';
import { uuidv7 } from '../db/ids';
import { createTestApp, type TestApp } from '../../test/support/app';
import { shop } from '../../test/support/orders';
import { roiSeries } from '../modules/analytics';
import { createDemoRoi } from './demo-roi';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('the Return on Involvement demo', () => {
  it('puts listening’s matches into the rollup and gives the brands that listen 180 days of sentiment', async () => {
    const s = await shop(t);
    const quiet = await shop(t);
    const watch = uuidv7();
    await queryRows(
      t.ctx.db,
      sql`insert into watches (id, brand_id, name, query) values (${watch}, ${s.brand.id}, 'w', 'x')`,
    );
    const threeDaysAgo = new Date(t.clock.now().getTime() - 3 * 86_400_000);
    await queryRows(
      t.ctx.db,
      sql`insert into watch_matches (watch_id, item_id, item_type, sentiment, sentiment_score, item_created_at)
          values (${watch}, ${uuidv7()}, 'tip', 'negative', -0.5, ${threeDaysAgo.toISOString()}::timestamptz)`,
    );
    await createDemoRoi(t.ctx, [s.brand, quiet.brand]);
    const series = await roiSeries(t.ctx.db, s.brand.id, { period: 180, interval: 'day', now: t.clock.now() });
    const days = series.buckets.filter((b) => b.intimacy.sentiment_count > 0);
    expect(days.length).toBeGreaterThanOrEqual(178);
    // The real match's day keeps its real figure.
    const real = days.find((b) => b.intimacy.sentiment === -0.5 && b.intimacy.sentiment_count === 1);
    expect(real).toBeDefined();
    expect(series.previous.intimacy.sentiment_count).toBe(0);
    const none = await roiSeries(t.ctx.db, quiet.brand.id, { period: 180, interval: 'month', now: t.clock.now() });
    expect(none.totals.intimacy.sentiment_count).toBe(0);
  });
});
