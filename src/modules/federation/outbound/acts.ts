import {
  type Announce,
  Block,
  Create,
  Delete,
  Follow,
  Like,
  Note,
  PUBLIC_COLLECTION,
  type Recipient,
  Tombstone,
  Undo,
} from '@fedify/vocab';
import { sql } from 'drizzle-orm';
import type { AppContext } from '../../../context';
import { queryRows } from '../../../db/client';
import { uuidv7 } from '../../../db/ids';
import type { SocialAct } from '../../social';
import type { FedContext } from '../context';
import { federationContext } from '../federation';
import { announceFor } from './notes';
import { loadPosts, ourPostUri, postUri } from './posts';
import { notFollowing, remoteRecipients } from './recipients';

type Sender = { identifier: string };

/** The username of a local account (the actor identifier), or null when it is not ours (any more). */
async function localUsername(app: AppContext, accountId: string): Promise<string | null> {
  const [row] = await queryRows<{ username: string }>(
    app.db,
    sql`select username from accounts where id = ${accountId} and domain is null and suspended_at is null`,
  );
  return row?.username ?? null;
}

/** The recipient of one remote account, or null (a local one, or gone). */
async function one(app: AppContext, accountId: string): Promise<Recipient | null> {
  return (await remoteRecipients(app.db, [accountId]))[0] ?? null;
}

/** Sends to the sender's followers (their servers' shared inboxes) and to these accounts beyond them. */
async function toFollowersAnd(
  ctx: FedContext,
  sender: Sender,
  accountId: string,
  activity: Announce | Delete | Undo,
  also: string[],
) {
  await ctx.sendActivity(sender, 'followers', activity, { preferSharedInbox: true });
  const extra = await remoteRecipients(ctx.data.db, await notFollowing(ctx.data.db, accountId, also));
  if (extra.length) await ctx.sendActivity(sender, extra, activity, { preferSharedInbox: true });
}

/**
 * A local account's social act as the activity Mastodon expects, sent to whom it concerns.
 * Ids are stable where an Undo must name them again (likes, blocks, reposts); a Follow's id is
 * recorded (federation_follows) since the remote server answers and undoes by it.
 */
export async function sendActivityOf(app: AppContext, act: SocialAct, poll: boolean): Promise<void> {
  const username = await localUsername(app, act.accountId);
  if (!username) return;
  const ctx = federationContext(app);
  const sender = { identifier: username };
  const actor = ctx.getActorUri(username);
  switch (act.type) {
    case 'follow':
    case 'unfollow':
      return sendFollow(app, ctx, sender, act.accountId, act.targetId, act.type === 'unfollow');
    case 'block':
    case 'unblock': {
      const target = await one(app, act.targetId);
      if (!target?.id) return;
      const block = new Block({ id: new URL(`${actor.href}#blocks/${act.targetId}`), actor, object: target.id });
      const activity = act.type === 'block' ? block : undo(actor, block, `blocks/${act.targetId}`);
      return ctx.sendActivity(sender, target, activity);
    }
    case 'favourite':
    case 'unfavourite': {
      const [post] = await loadPosts(app.db, [act.statusId]);
      const author = post && (await one(app, post.account_id));
      if (!post?.uri || !author) return;
      const like = new Like({ id: new URL(`${actor.href}#likes/${act.statusId}`), actor, object: new URL(post.uri) });
      return ctx.sendActivity(
        sender,
        author,
        act.type === 'favourite' ? like : undo(actor, like, `likes/${act.statusId}`),
      );
    }
    case 'reblog':
    case 'unreblog': {
      const [original] = await loadPosts(app.db, [act.originalId]);
      if (!original) return;
      const object = postUri(ctx, {
        id: original.id,
        username: original.username,
        uri: original.uri,
        poll: !!original.poll,
      });
      const authorUri = original.domain
        ? (await one(app, original.account_id))?.id
        : ctx.getActorUri(original.username);
      const announce = announceFor(ctx, { username, id: act.statusId, createdAt: new Date() }, object, authorUri);
      const activity = act.type === 'reblog' ? announce : undo(actor, announce, `reblogs/${act.statusId}`);
      return toFollowersAnd(ctx, sender, act.accountId, activity, original.domain ? [original.account_id] : []);
    }
    case 'status.deleted': {
      const id = ourPostUri(ctx, username, act.statusId, poll);
      const remove = new Delete({
        id: new URL(`${id.href}#delete`),
        actor,
        object: new Tombstone({ id }),
        tos: [PUBLIC_COLLECTION],
      });
      if (act.visibility === 'direct') {
        const mentioned = await remoteRecipients(app.db, act.mentionIds);
        if (mentioned.length) await ctx.sendActivity(sender, mentioned, remove, { preferSharedInbox: true });
        return;
      }
      return toFollowersAnd(ctx, sender, act.accountId, remove, act.mentionIds);
    }
    case 'vote':
      return sendVote(app, ctx, sender, act);
  }
}

function undo(actor: URL, object: Follow | Block | Like | Announce, what: string) {
  return new Undo({ id: new URL(`${actor.href}#undo/${what}/${uuidv7()}`), actor, object });
}

async function sendFollow(
  app: AppContext,
  ctx: FedContext,
  sender: Sender,
  followerId: string,
  targetId: string,
  undoing: boolean,
) {
  const target = await one(app, targetId);
  if (!target?.id) return;
  const actor = ctx.getActorUri(sender.identifier);
  if (!undoing) {
    const id = new URL(`${actor.href}#follows/${uuidv7()}`);
    await queryRows(
      app.db,
      sql`insert into federation_follows (follower_id, followee_id, activity_uri) values (${followerId}, ${targetId}, ${id.href})
          on conflict (follower_id, followee_id) do update set activity_uri = excluded.activity_uri, created_at = now()`,
    );
    return ctx.sendActivity(sender, target, new Follow({ id, actor, object: target.id }));
  }
  const [sent] = await queryRows<{ activity_uri: string }>(
    app.db,
    sql`delete from federation_follows where follower_id = ${followerId} and followee_id = ${targetId} returning activity_uri`,
  );
  const follow = new Follow({ id: sent ? new URL(sent.activity_uri) : null, actor, object: target.id });
  await ctx.sendActivity(sender, target, undo(actor, follow, `follows/${targetId}`));
}

/**
 * A vote in a remote poll, as Mastodon sends it: one `Create(Note)` per choice, named after the
 * option and replying to the poll, addressed to the poll's author only.
 */
async function sendVote(app: AppContext, ctx: FedContext, sender: Sender, act: Extract<SocialAct, { type: 'vote' }>) {
  const [poll] = await queryRows<{ status_id: string; options: { title: string }[] | string }>(
    app.db,
    sql`select status_id, options from polls where id = ${act.pollId}`,
  );
  const [post] = poll ? await loadPosts(app.db, [poll.status_id]) : [];
  const author = post && (await one(app, post.account_id));
  if (!post?.uri || !author?.id) return;
  const options = typeof poll.options === 'string' ? (JSON.parse(poll.options) as { title: string }[]) : poll.options;
  const actor = ctx.getActorUri(sender.identifier);
  for (const choice of act.choices) {
    const title = options[choice]?.title;
    if (title === undefined) continue;
    const id = new URL(`${actor.href}#votes/${act.pollId}/${choice}`);
    const note = new Note({ id, attribution: actor, name: title, replyTarget: new URL(post.uri), to: author.id });
    const create = new Create({ id: new URL(`${id.href}/activity`), actor, object: note, to: author.id });
    await ctx.sendActivity(sender, author, create);
  }
}

/** The `federation.send` job (queued by outbox.ts' queueAct): the act as an activity, sent to whom it concerns. */
export async function sendAct(app: AppContext, payload: { act: SocialAct; poll?: boolean }): Promise<void> {
  await sendActivityOf(app, payload.act, payload.poll ?? false);
}
