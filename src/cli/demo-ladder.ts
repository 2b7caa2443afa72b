/**
 * The engagement ladder of the demo world (analytics/ladder): the Lyon cheese shop gets three
 * months of history through the real tables — older posts with their likes, bookmarks, reposts
 * and replies, followers who came long ago and went quiet, a few signed-in visitors marked as
 * spectators — then the collector reads everything and its past days are rebuilt from the log,
 * so the ladder page shows every rung now and week by week. Deterministic (a seeded generator).
 */
import { sql } from 'drizzle-orm';
import type { AppContext } from '../context';
import { queryRows } from '../db/client';
import { randomBytes } from 'node:crypto';
import { createAccount, findByUsername, type Account, type BrandRole } from '../modules/accounts';
import { follow } from '../modules/social';
import { backfillLadder, collectInteractions, markSpectators } from '../modules/analytics';

const DAY = 86_400_000;
const OLD_POSTS = [
  'Le beaufort d’alpage est de retour au comptoir !',
  'Atelier dégustation samedi : venez goûter nos chèvres fermiers.',
  'Nouveau : le plateau « Canuts » pour six personnes.',
  'Nos saint-marcellin sont affinés sur place, trois semaines minimum.',
  'Fermeture exceptionnelle lundi, à mardi !',
  'Le comté 36 mois est arrivé, quantités limitées.',
];
/** A UUIDv7 of a past instant (db/ids.ts's uuidv7 never goes back in time: it keeps ids increasing). */
function uuidv7(at: number): string {
  const bytes = randomBytes(16);
  bytes.writeUIntBE(at, 0, 6);
  bytes[6] = 0x70 | ((bytes[6] ?? 0) & 0x0f);
  bytes[8] = 0x80 | ((bytes[8] ?? 0) & 0x3f);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
/** Newcomers who only followed the shop lately (joiners), and followers of long ago who went quiet. */
const NEWCOMERS = [
  { username: 'lea_voisine', displayName: 'Léa Garnier', daysAgo: 4 },
  { username: 'hugo_croixrousse', displayName: 'Hugo Bernard', daysAgo: 9 },
  { username: 'ines_pentes', displayName: 'Inès Moreau', daysAgo: 15 },
  { username: 'tom_terreaux', displayName: 'Tom Lefèvre', daysAgo: 22 },
  { username: 'anne_brotteaux', displayName: 'Anne Petit', daysAgo: 140 },
  { username: 'marc_vaise', displayName: 'Marc Dubois', daysAgo: 210 },
  { username: 'zoe_confluence', displayName: 'Zoé Roux', daysAgo: 320 },
];
const OLD_REPLIES = ['Trop bien !', 'On passe samedi.', 'Il en reste ?', 'Merci pour le conseil.', 'Miam.'];

export async function createDemoLadder(
  ctx: AppContext,
  brands: Account[],
  _teams: Map<string, { account: Account; role: BrandRole }[]>,
  people: Account[],
): Promise<void> {
  const brand = brands.find((b) => b.username === 'fromagerie_canuts');
  const fans = people.filter((p) => p.kind === 'person');
  if (!brand || fans.length < 12) return;
  let seed = 2024;
  const random = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed / 2_147_483_648;
  };
  const now = Date.now();
  const ago = (days: number) => now - days * DAY - Math.floor(random() * DAY);

  // Half of the shop's followers came two to ten months ago: the quiet ones are its inactives.
  await queryRows(
    ctx.db,
    sql`update follows set created_at = created_at - (60 + abs(hashtext(follower_id::text)) % 240) * interval '1 day'
        where followee_id = ${brand.id} and abs(hashtext(follower_id::text)) % 2 = 0`,
  );

  // Older posts of the shop (31 to 90 days ago) and what people did with them, days after each.
  for (const [i, text] of OLD_POSTS.entries()) {
    const at = ago(90 - i * 11);
    const postId = uuidv7(at);
    await queryRows(
      ctx.db,
      sql`insert into statuses (id, account_id, text, content_html, language, visibility, created_at)
          values (${postId}, ${brand.id}, ${text}, ${`<p>${text}</p>`}, 'fr', 'public', ${new Date(at).toISOString()})`,
    );
    for (const fan of fans) {
      const roll = random();
      const when = Math.min(now - DAY, at + Math.floor(random() * 20 * DAY));
      const stamp = new Date(when).toISOString();
      if (roll < 0.3)
        await queryRows(
          ctx.db,
          sql`insert into favourites (id, account_id, status_id, created_at)
              values (${uuidv7(when)}, ${fan.id}, ${postId}, ${stamp}) on conflict do nothing`,
        );
      else if (roll < 0.38)
        await queryRows(
          ctx.db,
          sql`insert into bookmarks (id, account_id, status_id, created_at)
              values (${uuidv7(when)}, ${fan.id}, ${postId}, ${stamp}) on conflict do nothing`,
        );
      else if (roll < 0.43)
        await queryRows(
          ctx.db,
          sql`insert into statuses (id, account_id, reblog_of_id, visibility, created_at)
              values (${uuidv7(when)}, ${fan.id}, ${postId}, 'public', ${stamp}) on conflict do nothing`,
        );
      else if (roll < 0.5) {
        const reply = OLD_REPLIES[Math.floor(random() * OLD_REPLIES.length)] ?? 'Merci !';
        await queryRows(
          ctx.db,
          sql`insert into statuses (id, account_id, text, content_html, language, visibility, in_reply_to_id,
                in_reply_to_account_id, created_at)
              values (${uuidv7(when)}, ${fan.id}, ${reply}, ${`<p>${reply}</p>`}, 'fr', 'public', ${postId},
                ${brand.id}, ${stamp})`,
        );
      }
    }
    await queryRows(
      ctx.db,
      sql`update statuses s set favourites_count = (select count(*) from favourites f where f.status_id = s.id),
            reblogs_count = (select count(*) from statuses r where r.reblog_of_id = s.id),
            replies_count = (select count(*) from statuses r where r.in_reply_to_id = s.id)
          where s.id = ${postId}`,
    );
  }

  for (const n of NEWCOMERS) {
    if (await findByUsername({ db: ctx.db }, n.username)) continue;
    const account = await createAccount(
      { db: ctx.db },
      { kind: 'person', username: n.username, displayName: n.displayName, locale: 'fr' },
    );
    await follow({ db: ctx.db, config: ctx.config, events: ctx.events }, account.id, brand.id);
    await queryRows(
      ctx.db,
      sql`update follows set created_at = ${new Date(ago(n.daysAgo)).toISOString()}::timestamptz
          where follower_id = ${account.id} and followee_id = ${brand.id}`,
    );
  }

  // The counters the services keep (posts of the shop and of those who replied or reposted).
  await queryRows(
    ctx.db,
    sql`update accounts a set posts_count = (select count(*) from statuses s where s.account_id = a.id)
        where a.id = ${brand.id} or a.id = any(${`{${fans.map((f) => f.id).join(',')}}`}::uuid[])`,
  );
  await collectInteractions(ctx, { full: true });
  // Signed-in visitors who only looked at the shop's posts this week (what the reach counting marks):
  // a few people with nothing else to do with it lately, and some of the others.
  const quiet = await queryRows<{ id: string }>(
    ctx.db,
    sql`select a.id from accounts a
        where a.kind = 'person' and a.id = any(${`{${fans.map((f) => f.id).join(',')}}`}::uuid[])
          and not exists (select 1 from analytics_interactions i where i.brand_id = ${brand.id} and i.account_id = a.id
                            and i.at > ${new Date(now - 30 * DAY).toISOString()}::timestamptz)
        order by a.username limit 6`,
  );
  const lookers = [...quiet.map((q) => q.id), ...fans.filter((_, i) => i % 7 === 3).map((p) => p.id)];
  await markSpectators(ctx.db, brand.id, lookers, new Date(ago(3)));
  await collectInteractions(ctx);
  await backfillLadder(ctx.db, brand.id, { days: 90, now: new Date(now) });
}
