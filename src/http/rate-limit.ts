import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../db/client';
import { tooManyRequests } from './errors';

/**
 * Fixed-window counter in the database, so every app node shares it. Throws 429 with a
 * retry delay once `limit` hits are spent within `windowSeconds`.
 */
export async function hitRateLimit(db: Db, bucket: string, [limit, windowSeconds]: [number, number]): Promise<void> {
  const [row] = await queryRows<{ hits: number; window_start: Date | string }>(
    db,
    sql`insert into rate_limits (bucket, window_start, hits) values (${bucket}, now(), 1)
        on conflict (bucket) do update set
          hits = case when rate_limits.window_start < now() - make_interval(secs => ${windowSeconds}) then 1 else rate_limits.hits + 1 end,
          window_start = case when rate_limits.window_start < now() - make_interval(secs => ${windowSeconds}) then now() else rate_limits.window_start end
        returning hits, window_start`,
  );
  if (row && row.hits > limit) {
    const started = new Date(row.window_start).getTime();
    throw tooManyRequests(Math.max(1, Math.ceil((started + windowSeconds * 1000 - Date.now()) / 1000)));
  }
}
