/**
 * A source that keeps failing: after two days of failures in a row (`failing_since`), each team
 * listening to it is told once, in-app, as watch alerts are (a notice from the brand to each
 * member, even one who muted the brand: the team asked to listen). `failing_notified_at` marks
 * the episode told; a successful fetch clears it (fetch.ts), so the next episode is told again.
 */
import { sql } from 'drizzle-orm';
import { queryRows } from '../../../db/client';
import { notify, publishNotifications } from '../../social';
import type { FetchContext } from './fetch';

export const FAILING_NOTICE_AFTER_MS = 2 * 24 * 3600_000;

export async function notifyFailingSource(
  ctx: Pick<FetchContext, 'db' | 'events'>,
  sourceId: string,
  failingSince: Date,
  now: Date,
): Promise<number> {
  if (now.getTime() - failingSince.getTime() < FAILING_NOTICE_AFTER_MS) return 0;
  const created = await ctx.db.transaction(async (tx) => {
    // Claimed in the same statement that marks it: a fetch running twice tells each team once.
    const claimed = await queryRows<{ id: string; brand_id: string }>(
      tx,
      sql`update brand_sources set failing_notified_at = ${now.toISOString()}::timestamptz
          where source_id = ${sourceId} and failing_notified_at is null returning id, brand_id`,
    );
    const out: { id: string | null; accountId: string }[] = [];
    for (const row of claimed) {
      const team = await queryRows<{ account_id: string }>(
        tx,
        sql`select account_id from brand_members where brand_id = ${row.brand_id} order by account_id`,
      );
      for (const member of team) {
        const n = { accountId: member.account_id, fromAccountId: row.brand_id, type: 'watch' as const };
        const id = await notify(tx, { ...n, subjectId: row.id, detail: 'source_failing' }, { reachMuted: true });
        out.push({ id, accountId: member.account_id });
      }
    }
    return out;
  });
  await publishNotifications(ctx, created);
  return created.length;
}
