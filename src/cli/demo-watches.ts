/**
 * Watches for the demo world: the cheese shop listens to its name, its comté and the wider
 * cheese conversation, plus the coffee roaster as a neighbour to compare with (share of voice);
 * the roaster watches itself. The world's public posts are matched at once (in batches, as the
 * job would), so the dashboards have something to show on first start.
 */
import { sql } from 'drizzle-orm';
import type { AppContext } from '../context';
import { queryRows } from '../db/client';
import type { Account, BrandRole } from '../modules/accounts';
import { createWatch, matchStatuses, updateWatch } from '../modules/listening';

const DEMO_WATCHES: Record<string, { name: string; query: string; alerts?: 'immediate' | 'digest' }[]> = {
  fromagerie_canuts: [
    {
      name: 'Fromagerie des Canuts',
      query: '@fromagerie_canuts OR "fromagerie des canuts" OR canuts',
      alerts: 'immediate',
    },
    { name: 'Comté', query: 'comté OR #comté' },
    { name: 'Fromage (marché)', query: '#fromage OR fromage -#lyon', alerts: 'digest' },
    { name: 'Café (voisins)', query: 'café OR #café' },
  ],
  torrefaction_garonne: [{ name: 'Torréfaction Garonne', query: '@torrefaction_garonne OR torréfaction OR #café' }],
};

export async function createDemoWatches(
  ctx: AppContext,
  brands: Account[],
  teams: Map<string, { account: Account; role: BrandRole }[]>,
): Promise<number> {
  let made = 0;
  for (const brand of brands) {
    const specs = DEMO_WATCHES[brand.username];
    const owner = teams.get(brand.id)?.find((m) => m.role === 'owner');
    if (!specs || !owner) continue;
    for (const spec of specs) {
      const watch = await createWatch(ctx, owner.account.id, brand.id, { name: spec.name, query: spec.query });
      if (spec.alerts) await updateWatch(ctx, owner.account.id, brand.id, watch.id, { alert_mode: spec.alerts });
      made++;
    }
  }
  // Backfill: the world's public posts, matched in batches.
  const ids = (
    await queryRows<{ id: string }>(
      ctx.db,
      sql`select id from statuses where visibility = 'public' and reblog_of_id is null order by id`,
    )
  ).map((r) => r.id);
  for (let i = 0; i < ids.length; i += 200) await matchStatuses(ctx, ids.slice(i, i + 200));
  return made;
}
