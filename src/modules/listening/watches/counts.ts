/** How many alerts a brand's watches raised lately, for its back-office overview. */
import { sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../../db/client';

export async function recentAlerts(db: DbOrTx, brandId: string, since: Date): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from watch_alerts a join watches w on w.id = a.watch_id
        where w.brand_id = ${brandId} and a.created_at >= ${since.toISOString()}`,
  );
  return Number(row?.n ?? 0);
}
