/**
 * Product questions for the demo world (French): on a few products of each brand, people ask,
 * the brand's team gives its official answer, a buyer adds theirs ("Acheteur vérifié") and others
 * find them helpful, so product pages show a FAQ above their reviews. Everything goes through the
 * Q&A services (so each question also lands in the brand's inbox); held texts are approved by the
 * brand's owner through the moderation queue, as a moderator would.
 */
import { sql } from 'drizzle-orm';
import type { AppContext } from '../context';
import { queryRows } from '../db/client';
import type { Account, BrandRole } from '../modules/accounts';
import { answerQuestion, askQuestion, voteHelpful } from '../modules/community';
import { decide } from '../modules/moderation';

const DAY = 86_400_000;

/** Question, the brand's answer, and what a buyer adds (if the product has a buyer). */
const EXCHANGES: [string, string, string][] = [
  [
    'Combien de temps se conserve-t-il une fois ouvert ?',
    'Une dizaine de jours au réfrigérateur, emballé dans son papier d’origine, dans le bac à légumes.',
    'Chez nous il ne dure jamais plus de trois jours, mais le papier ciré aide vraiment.',
  ],
  [
    'Est-ce que vous livrez en point relais ?',
    'Oui, en point relais partout en France métropolitaine, en 48 à 72 heures, emballage isotherme compris.',
    'Reçu en point relais en deux jours, bien frais.',
  ],
  [
    'Convient-il aux femmes enceintes ?',
    'Nos fromages au lait cru sont déconseillés pendant la grossesse ; demandez-nous nos références au lait pasteurisé.',
    '',
  ],
  [
    'Peut-on l’offrir en coffret cadeau ?',
    'Bien sûr : choisissez « emballage cadeau » au moment de commander, nous ajoutons un mot manuscrit.',
    'Offert à mes parents dans le coffret, très joliment présenté.',
  ],
];

export async function createDemoQa(
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

  const approve = async (ownerId: string, type: 'question' | 'answer', subjectId: string) => {
    const [item] = await queryRows<{ id: string }>(
      ctx.db,
      sql`select id from moderation_items where type = ${type} and subject_id = ${subjectId} and status = 'pending'`,
    );
    if (item) await decide(ctx, ownerId, item.id, { action: 'approve' }).catch(() => null);
  };

  for (const [b, brand] of brands.entries()) {
    const owner = (teams.get(brand.id) ?? []).find((m) => m.role === 'owner')?.account;
    if (!owner) continue;
    const products = await queryRows<{ id: string }>(
      ctx.db,
      sql`select id from products where brand_id = ${brand.id} and status = 'published' order by id limit 2`,
    );
    for (const [p, product] of products.entries()) {
      const [buyer] = await queryRows<{ id: string }>(
        ctx.db,
        sql`select o.buyer_id as id from orders o join order_lines ol on ol.order_id = o.id
            where ol.product_id = ${product.id} and o.paid_at is not null and o.status <> 'cancelled' limit 1`,
      );
      for (let i = 0; i < 2; i++) {
        const [question, official, fromBuyer] = EXCHANGES[(b + p * 2 + i) % EXCHANGES.length];
        const asker = customers[(b * 7 + p * 3 + i) % customers.length];
        if (!asker || asker.id === buyer?.id) continue;
        const when = now - (12 - i * 3 - p) * DAY;
        const asked = await askQuestion(at(when), asker.id, product.id, { text: question }).catch(() => null);
        if (!asked) continue;
        if (asked.status === 'pending') await approve(owner.id, 'question', asked.id);
        made++;
        await answerQuestion(at(when + DAY / 4), owner.id, asked.id, { text: official }).catch(() => null);
        if (buyer && fromBuyer) {
          const a = await answerQuestion(at(when + DAY), buyer.id, asked.id, { text: fromBuyer }).catch(() => null);
          if (a?.status === 'pending') await approve(owner.id, 'answer', a.id);
        }
        for (const fan of customers.slice(b + i, b + i + 3 - i))
          if (fan.id !== asker.id) await voteHelpful(ctx, fan.id, 'question', asked.id, true).catch(() => null);
      }
    }
  }
  return made;
}
