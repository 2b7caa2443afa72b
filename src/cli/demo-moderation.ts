/**
 * Moderation in the demo world: a platform moderator login (claire), and a few items waiting in
 * the brands' queues (replies that triage flags: an insult, a phone number, an advertising link)
 * and one report of an account in the platform's queue. Called once by buildDemoWorld after the
 * posts exist; everything goes through the real services.
 */
import { sql } from 'drizzle-orm';
import type { AppContext } from '../context';
import { queryRows } from '../db/client';
import { hashPassword } from '../lib/crypto';
import { triagePost } from '../links/moderated-posts';
import type { Account, BrandRole } from '../modules/accounts';
import { createReport, grantPlatformRole } from '../modules/moderation';
import { createStatus } from '../modules/social';
import { createPersonWithPasswordHash, DEMO_EMAIL_DOMAIN, DEMO_PASSWORD, type DemoLogin } from './demo-world';

const FLAGGED_REPLIES = [
  'Trois semaines que j’attends, bande d’escrocs. Vous êtes des voleurs.',
  'Appelez-moi plutôt au 06 12 34 56 78, ou écrivez à jean.martin@example.com',
  'Promo -50 % sur tout chez www.bonnes-affaires-discount.example : achetez maintenant !',
];

export async function createDemoModeration(
  ctx: AppContext,
  brands: Account[],
  teams: Map<string, { account: Account; role: BrandRole }[]>,
  people: Account[],
): Promise<DemoLogin[]> {
  const username = 'claire';
  const email = `${username}@${DEMO_EMAIL_DOMAIN}`;
  await createPersonWithPasswordHash(
    { db: ctx.db },
    { username, email, displayName: 'Claire Vigie', locale: 'fr' },
    await hashPassword(DEMO_PASSWORD),
  );
  await grantPlatformRole(ctx.db, username, 'moderator');

  // The flagged replies and the report come from other shoppers than the demo shopper's login
  // (chloe): her home and profile open on ordinary posts, not on an insult or spam.
  const members = new Set([...teams.values()].flat().map((m) => m.account.id));
  // Nor from people she follows: their replies would open her home timeline.
  const followed = await queryRows<{ id: string }>(
    ctx.db,
    sql`select f.followee_id as id from follows f join accounts a on a.id = f.follower_id where a.username = 'chloe'`,
  );
  const hers = new Set(followed.map((f) => f.id));
  const others = people.filter((p) => !members.has(p.id) && p.username !== 'chloe');
  const strangers = others.filter((p) => !hers.has(p.id));
  const shoppers = strangers.length >= 2 ? strangers : others;
  const social = { db: ctx.db, config: ctx.config, events: ctx.events };
  let n = 0;
  for (const brand of brands) {
    const [latest] = await queryRows<{ id: string }>(
      ctx.db,
      sql`select id from statuses where account_id = ${brand.id} and in_reply_to_id is null and reblog_of_id is null order by id desc limit 1`,
    );
    if (!latest) continue;
    for (const text of FLAGGED_REPLIES) {
      const author = shoppers[n++ % shoppers.length]!;
      const reply = await createStatus(social, author.id, { text, inReplyToId: latest.id, language: 'fr' });
      await triagePost(ctx.db, reply.id); // the status.published job would do it at start; now, so the queue is ready
    }
  }
  const reporter = shoppers[0];
  const reported = shoppers[shoppers.length - 1];
  if (reporter && reported && reporter.id !== reported.id) {
    await createReport({ db: ctx.db, events: ctx.events }, reporter.id, {
      targetType: 'account',
      targetId: reported.id,
      reason: 'spam',
      comment: 'Ce compte publie la même annonce partout.',
    });
  }
  return [{ username, email, password: DEMO_PASSWORD, role: 'platform moderator (/moderation/platform)' }];
}
