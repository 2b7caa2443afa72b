import { Move, PUBLIC_COLLECTION, Update } from '@fedify/vocab';
import { Temporal } from '@js-temporal/polyfill';
import { sql } from 'drizzle-orm';
import type { AppContext } from '../../../context';
import { queryRows } from '../../../db/client';
import { uuidv7 } from '../../../db/ids';
import { hiddenByGatesAmong } from '../../social';
import { actorOf, localAccount } from '../actors';
import { federationContext } from '../federation';
import { createOf } from './notes';
import { loadPosts } from './posts';
import { notFollowing, remoteRecipients } from './recipients';

/**
 * After the post is committed (the `status.published` job): its `Create` to the author's
 * followers' servers (shared inboxes; none for a direct post) and to the remote accounts it
 * mentions, replies to or quotes that do not follow the author.
 */
export async function publishPost(app: AppContext, statusId: string): Promise<void> {
  const [post] = await loadPosts(app.db, [statusId]);
  if (!post || post.domain !== null || post.reblog_of) return;
  // A post a gate holds (a staff post awaiting approval) is not shown to anyone yet.
  if ((await hiddenByGatesAmong(app.db, [statusId])).has(statusId)) return;
  const ctx = federationContext(app);
  const create = await createOf(ctx, statusId);
  if (!create) return;
  const sender = { identifier: post.username };
  const [refs] = await queryRows<{ ids: string[] }>(
    app.db,
    sql`select coalesce(array_agg(distinct x.id), '{}') as ids from (
          select account_id as id from status_mentions where status_id = ${statusId}
          union select p.account_id from statuses s join statuses p on p.id in (s.in_reply_to_id, s.quote_of_id)
          where s.id = ${statusId}) x`,
  );
  const concerned = refs?.ids ?? [];
  if (post.visibility !== 'direct') {
    await ctx.sendActivity(sender, 'followers', create, { preferSharedInbox: true });
    const extra = await remoteRecipients(app.db, await notFollowing(app.db, post.account_id, concerned));
    if (extra.length) await ctx.sendActivity(sender, extra, create, { preferSharedInbox: true });
    return;
  }
  const mentioned = await remoteRecipients(app.db, concerned);
  if (mentioned.length) await ctx.sendActivity(sender, mentioned, create, { preferSharedInbox: true });
}

/**
 * The `federation.actor` job: the account's actor sent to its followers' servers, as an `Update`
 * (its profile changed) or a `Move` to the account it moved to (Mastodon then moves the follows).
 */
export async function sendActorActivity(
  app: AppContext,
  payload: { accountId: string; activity: 'update' | 'move' },
): Promise<void> {
  const ctx = federationContext(app);
  const [row] = await queryRows<{ username: string; target: string | null }>(
    app.db,
    sql`select a.username, r.uri as target from accounts a left join remote_actors r on r.account_id = a.moved_to_id
        where a.id = ${payload.accountId} and a.domain is null`,
  );
  const account = row && (await localAccount(ctx, row.username));
  if (!account) return;
  const actor = ctx.getActorUri(account.username);
  const sender = { identifier: account.username };
  const followers = ctx.getFollowersUri(account.username);
  if (payload.activity === 'update') {
    const update = new Update({
      id: new URL(`${actor.href}#updates/${uuidv7()}`),
      actor,
      object: await actorOf(ctx, account),
      tos: [PUBLIC_COLLECTION],
      ccs: [followers],
      published: Temporal.Now.instant(),
    });
    await ctx.sendActivity(sender, 'followers', update, { preferSharedInbox: true });
    return;
  }
  if (!row.target) return;
  const move = new Move({
    id: new URL(`${actor.href}#moves/${uuidv7()}`),
    actor,
    object: actor,
    target: new URL(row.target),
    tos: [followers],
  });
  await ctx.sendActivity(sender, 'followers', move, { preferSharedInbox: true });
}
