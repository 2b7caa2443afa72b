/**
 * An open contest for the demo world: the cheese shop's "like this post to win" contest, ending
 * in a week, with a dozen people who already liked the post (their likes are the entries). Its
 * page (/contests/:id) shows the rules, the countdown and the commitment; the draw runs at the end.
 */
import type { AppContext } from '../context';
import type { Account, BrandRole } from '../modules/accounts';
import { createContest } from '../modules/campaigns';
import { createStatus, favourite } from '../modules/social';

const RULES = [
  'La Fromagerie des Canuts offre un plateau de fromages affinés (comté 24 mois, saint-marcellin, bleu de Gex).',
  'Pour participer : aimer la publication du concours avant la fin. Une participation par personne.',
  'Le gagnant est tiré au sort à la fin du concours selon la méthode vérifiable décrite sur cette page,',
  'et prévenu par une notification ; le lot est à retirer en boutique, à Lyon, dans les 30 jours.',
].join(' ');

export async function createDemoContests(
  ctx: AppContext,
  brands: Account[],
  teams: Map<string, { account: Account; role: BrandRole }[]>,
  people: Account[],
): Promise<string | null> {
  const brand = brands.find((b) => b.username === 'fromagerie_canuts') ?? brands[0];
  const owner = brand && teams.get(brand.id)?.find((m) => m.role === 'owner');
  if (!brand || !owner) return null;
  const social = { db: ctx.db, config: ctx.config, events: ctx.events };
  const post = await createStatus(social, brand.id, {
    text:
      '🎁 Concours ! Aimez cette publication pour tenter de gagner un plateau de fromages affinés. ' +
      'Tirage vérifiable dans une semaine. #concours #fromage',
    visibility: 'public',
    language: 'fr',
  });
  const { id } = await createContest(ctx, owner.account.id, brand.id, {
    title: 'Un plateau de fromages affinés à gagner',
    rules: RULES,
    prizes: 'Un plateau de fromages affinés (environ 60 €)',
    entry: { kind: 'like', status_id: post.id },
    ends_at: new Date(ctx.clock.now().getTime() + 7 * 24 * 3600_000).toISOString(),
    winners: 1,
  });
  for (const person of people.slice(0, 12)) {
    await favourite(social, person.id, post.id).catch(() => undefined); // a person who blocked the brand cannot like
  }
  return id;
}
