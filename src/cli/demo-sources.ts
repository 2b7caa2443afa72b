/**
 * Outside sources for the demo world: the cheese shop listens to a food blog, a cheese lovers'
 * forum and a local news site, and the coffee roaster to the blog and the news. The feeds are
 * served by the app itself (/demo/feeds/, only while the demo is on), so nothing is fetched while
 * the world is built: each feed's first fetch is queued once the server answers (main.ts), and
 * the brands' watches then show outside items next to posts.
 */
import type { AppContext } from '../context';
import type { Account, BrandRole } from '../modules/accounts';
import { type DEMO_FEEDS, listenToFeeds } from '../modules/listening';
import { createDemoWatches } from './demo-watches';

const DEMO_SOURCES: Record<string, { feed: keyof typeof DEMO_FEEDS & string; name: string }[]> = {
  fromagerie_canuts: [
    { feed: 'carnet-gourmand', name: 'Carnet gourmand (blog)' },
    { feed: 'forum-fromages', name: 'Forum des amateurs de fromage' },
    { feed: 'lyon-actu', name: 'Lyon Actu' },
  ],
  torrefaction_garonne: [
    { feed: 'carnet-gourmand', name: 'Le Carnet gourmand' },
    { feed: 'lyon-actu', name: 'Lyon Actu — Commerces' },
  ],
};

export async function createDemoSources(
  ctx: AppContext,
  brands: Account[],
  teams: Map<string, { account: Account; role: BrandRole }[]>,
): Promise<number> {
  let made = 0;
  for (const brand of brands) {
    const specs = DEMO_SOURCES[brand.username];
    if (!specs) continue;
    const owner = teams.get(brand.id)?.find((m) => m.role === 'owner');
    const entries = specs.map((s) => ({ url: `${ctx.config.publicUrl}/demo/feeds/${s.feed}.xml`, name: s.name }));
    // Due in an hour: the server queues their first fetch once it answers (queueDemoFeeds, main.ts).
    const firstFetchAt = new Date(Date.now() + 3_600_000);
    made += (await listenToFeeds(ctx, owner?.account.id ?? null, brand.id, entries, { firstFetchAt })).added;
  }
  return made;
}

/** Listening in the demo world: a few watches matched against its posts, then the outside feeds they hear. */
export async function createDemoListening(
  ctx: AppContext,
  brands: Account[],
  teams: Map<string, { account: Account; role: BrandRole }[]>,
): Promise<void> {
  await createDemoWatches(ctx, brands, teams);
  await createDemoSources(ctx, brands, teams);
}
