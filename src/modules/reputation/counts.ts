/**
 * What a brand's team still has to answer, for its back-office overview: published reviews
 * without the brand's reply, and customer questions without one.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../db/client';

export async function reviewsToAnswer(db: DbOrTx, brandId: string): Promise<{ reviews: number; questions: number }> {
  const [row] = await queryRows<{ reviews: number; questions: number }>(
    db,
    sql`select count(*) filter (where r.status = 'published')::int as reviews,
               count(*) filter (where r.status = 'question')::int as questions
        from reviews r
        where r.brand_id = ${brandId} and r.status in ('published', 'question')
          and not exists (select 1 from review_replies rr where rr.review_id = r.id)`,
  );
  return { reviews: Number(row?.reviews ?? 0), questions: Number(row?.questions ?? 0) };
}
