/**
 * A person's archive as a ZIP of JSON files (fflate writes the format), plus an ActivityPub
 * `outbox.json` as in Mastodon's archive: an OrderedCollection of the `Create` of each public or
 * unlisted post, built by federation as it sends them.
 */
import { sql } from 'drizzle-orm';
import { strToU8, zipSync, type Zippable } from 'fflate';
import type { AppContext } from '../../../context';
import { queryRows } from '../../../db/client';
import { loadFederation } from '../../federation';
import { consentHistory } from '../consent/service';
import { recentSignIns } from '../retention/sign-ins';
import { ambassadorLedgerOf, conversationsOf, placesOf, questionsOf, reviewsOf } from './archive-community';
import {
  addressesOf,
  followsOf,
  listsOf,
  marksOf,
  ordersOf,
  paymentMethodsOf,
  postsOf,
  profileOf,
} from './archive-data';

const json = (value: unknown) => strToU8(`${JSON.stringify(value, null, 2)}\n`);

/** Every file of the archive, by name (what README.txt lists). */
export async function archiveFiles(ctx: AppContext, accountId: string): Promise<Record<string, unknown>> {
  const { posts, media } = await postsOf(ctx, accountId);
  const places = await placesOf(ctx, accountId);
  return {
    'profile.json': await profileOf(ctx, accountId),
    'posts.json': posts,
    'media.json': media,
    'follows.json': await followsOf(ctx, accountId),
    'lists.json': await listsOf(ctx, accountId),
    'likes.json': await marksOf(ctx, accountId, 'favourites'),
    'bookmarks.json': await marksOf(ctx, accountId, 'bookmarks'),
    'orders.json': await ordersOf(ctx, accountId),
    'addresses.json': await addressesOf(ctx, accountId),
    'payment_methods.json': await paymentMethodsOf(ctx, accountId),
    'reviews.json': await reviewsOf(ctx, accountId),
    'questions.json': await questionsOf(ctx, accountId),
    'conversations.json': await conversationsOf(ctx, accountId),
    'checkins.json': places.checkins,
    'tips.json': places.tips,
    'ambassador_ledger.json': await ambassadorLedgerOf(ctx, accountId),
    // The choices made while signed in (a choice made signed out lives only in that browser's cookie).
    'consents.json': await consentHistory(ctx.db, accountId),
    // The sign-ins kept (addresses and browsers), at most the retention period's (docs/privacy.md).
    'sign_in_attempts.json': await recentSignIns(ctx.db, accountId, 1000),
    'outbox.json': await outboxOf(ctx, accountId),
  };
}

/** The ZIP's bytes. */
export async function buildArchive(ctx: AppContext, accountId: string): Promise<Uint8Array> {
  const files = await archiveFiles(ctx, accountId);
  const zippable: Zippable = { 'README.txt': strToU8(readme(Object.keys(files))) };
  for (const [name, value] of Object.entries(files)) zippable[name] = json(value);
  return zipSync(zippable, { level: 6 });
}

function readme(names: string[]): string {
  return [
    'Comptoir — archive of your data / archive de vos données',
    '',
    'Each file is JSON (UTF-8). Times are UTC (ISO 8601); amounts are in minor units (cents) of their currency.',
    'Chaque fichier est du JSON (UTF-8). Heures en UTC (ISO 8601) ; montants en centimes de leur devise.',
    '',
    ...names.map((n) => `- ${n}`),
    '',
  ].join('\n');
}

/**
 * The person's public and unlisted posts as ActivityPub `Create` activities, oldest first, each
 * built by federation as it would send it (its own JSON-LD context lifted to the collection).
 */
export async function outboxOf(ctx: AppContext, accountId: string): Promise<Record<string, unknown>> {
  const rows = await queryRows<{ id: string; username: string }>(
    ctx.db,
    sql`select s.id, a.username from statuses s join accounts a on a.id = s.account_id
         where s.account_id = ${accountId} and s.reblog_of_id is null and a.domain is null
           and s.visibility in ('public', 'unlisted') order by s.id`,
  );
  const items: Record<string, unknown>[] = [];
  let context: unknown = 'https://www.w3.org/ns/activitystreams';
  if (rows.length > 0) {
    const { federationContext, createOf } = await loadFederation();
    const fed = federationContext(ctx);
    for (const row of rows) {
      const create = await createOf(fed, row.id);
      if (!create) continue;
      const { '@context': itemContext, ...item } = (await create.toJsonLd({ format: 'compact' })) as Record<
        string,
        unknown
      >;
      context = itemContext ?? context;
      items.push(item);
    }
  }
  return {
    '@context': context,
    id: 'outbox.json',
    type: 'OrderedCollection',
    totalItems: items.length,
    orderedItems: items,
  };
}
