import type { Recipient } from '@fedify/vocab';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../db/client';
import { localAccount } from './actors';
import { deliverable } from './outbound/recipients';
import { paths, type Fed, type FedContext } from './context';
import { outboxPage } from './outbound/outbox-page';

const PAGE = 50;

type Member = {
  id: string;
  created_at: string | Date;
  uri: string | null;
  username: string;
  inbox_url: string | null;
  shared_inbox_url: string | null;
};

/** Outbox, followers, following and featured collections of our accounts. */
export function registerCollections(federation: Fed): void {
  federation
    .setFollowersDispatcher(paths.followers, async (ctx, identifier, cursor) => {
      const account = await localAccount(ctx, identifier);
      if (!account) return null;
      // No cursor: Fedify is sending to the followers, who are only remote ones for it, all at once.
      if (cursor === null) return { items: (await remoteFollowers(ctx, account.id)).map((m) => recipientOf(ctx, m)) };
      const page = await graphPage(ctx, 'followers', account.id, cursor);
      return { items: page.rows.map((m) => recipientOf(ctx, m)), nextCursor: page.next };
    })
    .setFirstCursor(() => 'first')
    .setCounter(async (ctx, identifier) => (await localAccount(ctx, identifier))?.followersCount ?? 0);
  federation
    .setFollowingDispatcher(paths.following, async (ctx, identifier, cursor) => {
      const account = await localAccount(ctx, identifier);
      if (!account || cursor === null) return null;
      const page = await graphPage(ctx, 'following', account.id, cursor);
      return { items: page.rows.map((m) => actorUri(ctx, m)), nextCursor: page.next };
    })
    .setFirstCursor(() => 'first')
    .setCounter(async (ctx, identifier) => (await localAccount(ctx, identifier))?.followingCount ?? 0);
  federation
    .setOutboxDispatcher(paths.outbox, async (ctx, identifier, cursor) => {
      const account = await localAccount(ctx, identifier);
      if (!account || cursor === null) return null;
      return outboxPage(ctx, account, cursor);
    })
    .setFirstCursor(() => 'first')
    .setCounter(async (ctx, identifier) => (await localAccount(ctx, identifier))?.postsCount ?? 0);
  // Nothing is pinned on Comptoir: the collection Mastodon reads pinned posts from is empty.
  federation.setFeaturedDispatcher(paths.featured, async (ctx, identifier) => {
    const account = await localAccount(ctx, identifier);
    return account ? { items: [] } : null;
  });
}

/** A follower as Fedify's sendActivity wants it: its id and inboxes (ours have none to deliver to). */
function recipientOf(ctx: FedContext, m: Member): Recipient {
  return {
    id: actorUri(ctx, m),
    inboxId: m.inbox_url ? new URL(m.inbox_url) : null,
    endpoints: m.shared_inbox_url ? { sharedInbox: new URL(m.shared_inbox_url) } : null,
  };
}

const actorUri = (ctx: FedContext, m: Member) => (m.uri ? new URL(m.uri) : ctx.getActorUri(m.username));

/** Every remote follower of an account with where to deliver to it. */
function remoteFollowers(ctx: FedContext, accountId: string) {
  return queryRows<Member>(
    ctx.data.db,
    sql`select a.id, f.created_at, r.uri, a.username, r.inbox_url, r.shared_inbox_url
        from follows f join accounts a on a.id = f.follower_id join remote_actors r on r.account_id = a.id
        where f.followee_id = ${accountId} and a.suspended_at is null and ${deliverable}`,
  );
}

/** One page of an account's followers (or followings), newest first, by (created_at, id) keyset. */
async function graphPage(ctx: FedContext, which: 'followers' | 'following', accountId: string, cursor: string) {
  const [at, id] = cursor && cursor !== 'first' ? cursor.split('|') : [null, null];
  const mine = which === 'followers' ? sql`f.followee_id` : sql`f.follower_id`;
  const other = which === 'followers' ? sql`f.follower_id` : sql`f.followee_id`;
  const rows = await queryRows<Member>(
    ctx.data.db,
    sql`select a.id, f.created_at, r.uri, a.username, r.inbox_url, r.shared_inbox_url
        from follows f join accounts a on a.id = ${other} left join remote_actors r on r.account_id = a.id
        where ${mine} = ${accountId} and a.suspended_at is null
          ${at ? sql`and (f.created_at, a.id) < (${at}::timestamptz, ${id}::uuid)` : sql``}
        order by f.created_at desc, a.id desc limit ${PAGE + 1}`,
  );
  const more = rows.length > PAGE;
  const shown = rows.slice(0, PAGE);
  const last = shown.at(-1);
  const next = more && last ? `${new Date(last.created_at).toISOString()}|${last.id}` : null;
  return { rows: shown, next };
}
