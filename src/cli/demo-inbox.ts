/**
 * The demo brand's inbox (Fromagerie des Canuts): customers' conversations in every state (open
 * and waiting, assigned to Sophie the community manager or Marie the owner, pending on the
 * customer, snoozed until tomorrow, resolved and rated), an internal note, French saved replies,
 * and the round robin on for Sophie and Thomas. Everything goes through the inbox's services; the
 * rating alone is written directly (the customer's rating is the service-levels part's door).
 */
import { sql } from 'drizzle-orm';
import type { AppContext } from '../context';
import { queryRows } from '../db/client';
import type { Account, BrandRole } from '../modules/accounts';
import {
  assignConversation,
  createSavedReply,
  receiveCustomerMessage,
  replyToConversation,
  resolveConversation,
  setAvailability,
  setLabels,
  setPriority,
  setRouting,
  snoozeConversation,
  type InboxChannel,
} from '../modules/inbox';

const SAVED = [
  {
    title: 'Suivi de colis',
    text: 'Bonjour {{first_name}}, votre commande {{order_number}} est en route : vous pouvez la suivre ici {{tracking_link}}. Belle dégustation !',
  },
  {
    title: 'Colis abîmé',
    text: 'Bonjour {{first_name}}, nous sommes désolés pour l’état du colis de la commande {{order_number}}. Pouvez-vous nous envoyer une photo ? Nous vous renvoyons les fromages dès réception.',
  },
  {
    title: 'Merci pour votre message',
    text: 'Merci {{first_name}} pour votre gentil message, toute l’équipe de la fromagerie est ravie !',
  },
];

const STORIES: { text: string; state: 'open' | 'mine' | 'pending' | 'snoozed' | 'resolved'; who?: BrandRole }[] = [
  { text: 'Bonjour, ma commande n’est toujours pas arrivée, pouvez-vous vérifier ?', state: 'open' },
  { text: 'Le saint-marcellin est arrivé un peu écrasé, que puis-je faire ?', state: 'mine', who: 'community_manager' },
  {
    text: 'Est-ce que le comté 24 mois se conserve une semaine au frigo ?',
    state: 'pending',
    who: 'community_manager',
  },
  { text: 'Pouvez-vous livrer le plateau pour samedi prochain ?', state: 'snoozed', who: 'owner' },
  { text: 'Merci pour le colis, tout était parfait !', state: 'resolved', who: 'owner' },
  { text: 'Je voudrais changer l’adresse de livraison de ma commande.', state: 'open' },
];

export async function createDemoInbox(
  ctx: AppContext,
  brands: Account[],
  teams: Map<string, { account: Account; role: BrandRole }[]>,
  people: Account[],
): Promise<void> {
  const brand = brands.find((b) => b.username === 'fromagerie_canuts') ?? brands[0];
  const team = brand ? teams.get(brand.id) : undefined;
  const owner = team?.find((m) => m.role === 'owner')?.account;
  const cm = team?.find((m) => m.role === 'community_manager')?.account ?? owner;
  const staff = team?.find((m) => m.role === 'staff')?.account;
  if (!brand || !owner || !cm) return;
  for (const reply of SAVED) await createSavedReply(ctx, owner.id, brand.id, reply);

  const orders = await queryRows<{ id: string; buyer_id: string }>(
    ctx.db,
    sql`select id, buyer_id from orders where brand_id = ${brand.id} and paid_at is not null
        order by created_at desc limit ${STORIES.length}`,
  );
  const customers = people.filter((p) => !team?.some((m) => m.account.id === p.id));
  const now = ctx.clock.now();
  for (const [i, story] of STORIES.entries()) {
    const order = orders[i];
    const customerId = order?.buyer_id ?? customers[i % Math.max(customers.length, 1)]?.id;
    if (!customerId) continue;
    const channel: InboxChannel = order ? 'order' : 'direct';
    const { conversationId } = await receiveCustomerMessage(ctx.db, {
      brandId: brand.id,
      customerId,
      channel,
      threadKey: order?.id ?? `demo-${brand.id}-${i}`,
      orderId: order?.id ?? null,
      text: story.text,
      at: new Date(now.getTime() - (STORIES.length - i) * 3_600_000),
    });
    const agent = story.who === 'owner' ? owner : cm;
    if (story.state === 'open') continue;
    await assignConversation(ctx, conversationId, owner.id, agent.id);
    if (story.state === 'mine') {
      await setPriority(ctx, conversationId, agent.id, 'high');
      await setLabels(ctx, conversationId, agent.id, ['colis abîmé']);
      await replyToConversation(ctx, {
        conversationId,
        authorId: agent.id,
        text: 'Cliente fidèle : proposer un renvoi gratuit plutôt qu’un avoir.',
        internal: true,
      });
      continue;
    }
    await replyToConversation(ctx, {
      conversationId,
      authorId: agent.id,
      text:
        story.state === 'resolved'
          ? 'Merci beaucoup, à très bientôt à la fromagerie !'
          : 'Bonjour, merci pour votre message : nous revenons vers vous très vite.',
      status: story.state === 'resolved' ? 'open' : 'pending',
    });
    if (story.state === 'snoozed')
      await snoozeConversation(ctx, conversationId, agent.id, new Date(now.getTime() + 86_400_000).toISOString());
    if (story.state === 'resolved') {
      await resolveConversation(ctx, conversationId, agent.id);
      await ctx.db.execute(
        sql`update inbox_conversations set rating = 5, rating_comment = ${'Réponse rapide et très aimable, merci !'},
              rated_at = ${now.toISOString()}::timestamptz where id = ${conversationId}`,
      );
    }
  }
  await setRouting(ctx, owner.id, brand.id, { round_robin: true, open_cap: 8 });
  for (const agent of [cm, staff]) if (agent) await setAvailability(ctx, agent.id, brand.id, true);
}
