/**
 * Community spaces for the demo world: a public space of the Lyon cheese shop ("Le comptoir des
 * amateurs") and a members-only space of the Nantes bike workshop for its followers and
 * customers, with French topics, replies, a pinned welcome topic and one accepted answer. Through
 * the spaces' services at past moments; people's posts held by the brand's pre-moderation are
 * approved by its team, as the console would.
 */
import { sql } from 'drizzle-orm';
import type { AppContext } from '../context';
import { queryRows } from '../db/client';
import type { Account, BrandRole } from '../modules/accounts';
import { acceptReply, createReply, createSpace, createTopic, inviteMember, setTopicFlags } from '../modules/community';
import { decide } from '../modules/moderation';

const HOUR = 3_600_000;

type TopicSpec = { title: string; text: string; team?: boolean; pinned?: boolean; replies: string[]; accept?: number };
type SpaceSpec = {
  brand: string;
  name: string;
  description: string;
  charter: string;
  visibility: 'public' | 'members';
  topics: TopicSpec[];
};

const SPACES: SpaceSpec[] = [
  {
    brand: 'fromagerie_canuts',
    name: 'Le comptoir des amateurs',
    description: 'Conseils de conservation, accords et recettes autour de nos fromages.',
    charter: 'On parle fromage avec bienveillance. Pas de publicité, pas de données personnelles.',
    visibility: 'public',
    topics: [
      {
        title: 'Bienvenue au comptoir !',
        text: 'Posez ici vos questions sur nos fromages : l’équipe passe tous les jours.',
        team: true,
        pinned: true,
        replies: ['Merci pour cet espace, bonne idée !'],
      },
      {
        title: 'Comment conserver un saint-marcellin ?',
        text: 'J’en ai acheté deux samedi, je ne sais pas s’il faut les mettre au frigo.',
        replies: [
          'Moi je le laisse dans sa terrine, à la cave.',
          'Au bas du réfrigérateur dans son papier, et sortez-le une heure avant de le servir.',
          'Merci, c’est parfait !',
        ],
        accept: 1,
      },
      {
        title: 'Quel vin avec un comté 24 mois ?',
        text: 'Pour un apéritif entre amis samedi soir.',
        replies: ['Un vin jaune, évidemment.', 'Un chardonnay du Jura marche très bien aussi.'],
      },
    ],
  },
  {
    brand: 'atelier_velo_nantes',
    name: 'Le garage des clients',
    description: 'Entraide entre cyclistes : réglages, entretien, sorties.',
    charter: 'Réservé à nos abonnés et clients. Soyez précis : modèle du vélo, symptôme, ce que vous avez essayé.',
    visibility: 'members',
    topics: [
      {
        title: 'Mon dérailleur saute sur les petits pignons',
        text: 'Depuis le changement de câble, la chaîne saute dès que je passe sur le 11.',
        replies: ['Essayez un quart de tour sur la molette de tension du câble.'],
      },
      {
        title: 'Sortie du dimanche sur les bords de l’Erdre',
        text: 'Qui est partant pour 40 km tranquilles dimanche matin ?',
        replies: ['Partant !', 'Je viens avec mon fils.'],
      },
    ],
  },
];

export async function createDemoSpaces(
  ctx: AppContext,
  brands: Account[],
  teams: Map<string, { account: Account; role: BrandRole }[]>,
  people: Account[],
): Promise<number> {
  const now = Date.now();
  const at = (ms: number) => ({ ...ctx, clock: { now: () => new Date(ms) } });
  const teamIds = new Set([...teams.values()].flat().map((m) => m.account.id));
  const customers = people.filter((p) => !teamIds.has(p.id));
  let made = 0;
  let k = 0;
  for (const [i, spec] of SPACES.entries()) {
    const brand = brands.find((b) => b.username === spec.brand);
    const manager = (teams.get(brand?.id ?? '') ?? []).find((m) =>
      ['owner', 'admin', 'community_manager'].includes(m.role),
    );
    if (!brand || !manager) continue;
    const start = now - (20 - i) * 24 * HOUR;
    const space = await createSpace(at(start), manager.account.id, brand.id, {
      name: spec.name,
      description: spec.description,
      charter: spec.charter,
      visibility: spec.visibility,
    });
    // People's posts wait for the brand's pre-moderation: its team approves them, as the console would.
    const published = async (post: { id: string; status: string }, type: 'topic' | 'topic_reply') => {
      if (post.status !== 'pending') return;
      const [item] = await queryRows<{ id: string }>(
        ctx.db,
        sql`select id from moderation_items where type = ${type} and subject_id = ${post.id}`,
      );
      if (item) await decide(ctx, manager.account.id, item.id, { action: 'approve' });
    };
    // In the members-only space, the people who write are its invited members (the demo's follows are random).
    const member = async (who: Account) => {
      if (spec.visibility === 'members' && !teamIds.has(who.id))
        await inviteMember(at(start), manager.account.id, space.id, who.id);
      return who;
    };
    for (const [j, ts] of spec.topics.entries()) {
      const when = start + j * 6 * HOUR;
      const asker = await member(ts.team ? manager.account : customers[k++ % customers.length]);
      const topic = await createTopic(at(when), asker.id, space.id, { title: ts.title, text: ts.text });
      await published(topic, 'topic');
      if (ts.pinned) await setTopicFlags(ctx.db, manager.account.id, topic.id, { pinned: true });
      const replyIds: string[] = [];
      for (const [r, text] of ts.replies.entries()) {
        // The answer accepted is the team's in the cheese shop: the shop knows its cheeses.
        const author = await member(
          ts.accept === r ? manager.account : r === 2 ? asker : customers[k++ % customers.length],
        );
        const reply = await createReply(at(when + (r + 1) * HOUR), author.id, topic.id, { text });
        await published(reply, 'topic_reply');
        replyIds.push(reply.id);
      }
      if (ts.accept !== undefined) await acceptReply(ctx.db, asker.id, topic.id, replyIds[ts.accept]);
      made++;
    }
  }
  return made;
}
