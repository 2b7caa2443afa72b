import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app';
import { eventually } from '../../../../test/support/federation';
import { queryRows } from '../../../db/client';
import { appToken, json, signUpUser, type TestUser } from '../../social/api-test-support';
import { fixtureInbound, fixtures } from './inbound-test-support';

const ALICE = 'https://mastodon.example/users/alice';
const NOTE = `${ALICE}/statuses/113000000000000001`;

let t: TestApp;
let camille: TestUser;
let postId: string;
let fx: Record<string, Record<string, unknown>>;
let env: ReturnType<typeof fixtureInbound>;
let heard: string[] = [];

const one = async <T>(query: ReturnType<typeof sql>) => (await queryRows<T>(t.ctx.db, query))[0];
const count = async (query: ReturnType<typeof sql>) =>
  Number((await one<{ n: number | string }>(sql`select count(*) as n from (${query}) q`))?.n ?? 0);
const aliceId = async () =>
  (await one<{ id: string }>(sql`select account_id as id from remote_actors where uri = ${ALICE}`))?.id;

beforeEach(async () => {
  t = await createTestApp({ federation: true });
  const app = await appToken(t);
  camille = await signUpUser(t, app, 'camille');
  const post = await json<{ id: string }>(
    t.call('POST', '/api/v1/statuses', { token: camille.token, body: { status: 'Ma recette de tarte' } }),
  );
  postId = post.id;
  fx = fixtures({
    LOCAL_ACTOR: 'http://localhost:3000/users/camille',
    LOCAL_PROFILE: 'http://localhost:3000/@camille',
    LOCAL_POST: `http://localhost:3000/users/camille/statuses/${postId}`,
    OUR_FOLLOW: 'http://localhost:3000/users/camille#follows/1',
  });
  heard = [];
  t.ctx.extensions.statuses.register({
    name: 'probe',
    async afterInsert(_tx, { status }) {
      heard.push(status.id);
      return true;
    },
  });
  env = fixtureInbound(t, [
    fx['actor-alice'],
    fx['actor-alice2'],
    fx['actor-mallory'],
    fx['actor-instance'],
    fx['note-mallory'],
  ]);
});
afterEach(async () => {
  t.ctx.extensions.statuses.unregister('probe');
  await t.close();
});

describe('inbound Create', () => {
  it('stores a Mastodon note once, sanitised, with its mention, hashtag, image and content warning', async () => {
    expect(await env.deliver(fx['create-note'])).toBe('Create');
    await env.deliver(fx['create-note']);
    const rows = await queryRows<Record<string, unknown>>(t.ctx.db, sql`select * from statuses where uri = ${NOTE}`);
    expect(rows).toHaveLength(1);
    const s = rows[0]!;
    expect(s.visibility).toBe('public');
    expect(s.spoiler_text).toBe('Spoiler: la recette');
    expect(s.sensitive).toBe(true);
    expect(s.language).toBe('fr');
    expect(s.url).toBe('https://mastodon.example/@alice/113000000000000001');
    expect(String(s.content_html)).not.toMatch(/<script|onerror|<img/);
    expect(String(s.content_html)).toContain('rel="nofollow noopener noreferrer"');
    expect(s.text).toContain('Ma tarte aux pommes');
    const author = await one<{ username: string; domain: string; posts_count: number; note: string }>(
      sql`select username, domain, posts_count, note from accounts where id = ${s.account_id}`,
    );
    expect(author).toMatchObject({ username: 'alice@mastodon.example', domain: 'mastodon.example', posts_count: 1 });
    expect(author?.note).not.toContain('<script');
    expect(await count(sql`select tag from status_tags where status_id = ${s.id} and tag = 'patisserie'`)).toBe(1);
    expect(
      await count(sql`select 1 from status_mentions where status_id = ${s.id} and account_id = ${camille.id}`),
    ).toBe(1);
    const media = await one<Record<string, unknown>>(sql`select * from media_attachments where status_id = ${s.id}`);
    expect(media).toMatchObject({
      path: '',
      remote_url: 'https://files.mastodon.example/media_attachments/files/113/original/tarte.jpg',
      description: 'Une tarte aux pommes dorée',
      width: 1200,
      height: 800,
    });
    expect(await count(sql`select 1 from jobs where kind = 'federation.media'`)).toBe(1);
    // Linked modules (watches' matching, reply-to-buy) hear it as a local post (probe: see beforeEach).
    expect(heard).toEqual([s.id]);
    expect(
      await count(
        sql`select 1 from jobs where kind = 'status.published' and payload->>'statusId' = ${s.id} and payload->'extensions' ? 'probe'`,
      ),
    ).toBe(1);
    // Camille is told she was mentioned, as for a local mention.
    const notes = await json<{ type: string; status: { id: string; media_attachments: Record<string, unknown>[] } }[]>(
      t.call('GET', '/api/v1/notifications', { token: camille.token }),
    );
    expect(notes.map((n) => n.type)).toEqual(['mention']);
    // Not cached yet: the API names the remote file, never a local path that does not exist.
    expect(notes[0]!.status.media_attachments[0]).toMatchObject({
      type: 'unknown',
      url: 'https://files.mastodon.example/media_attachments/files/113/original/tarte.jpg',
      preview_url: null,
      description: 'Une tarte aux pommes dorée',
    });
  });

  it('reaches the home timeline of a local follower and their live stream event', async () => {
    await env.deliver(fx['update-person']);
    const remoteId = await aliceId();
    await json(t.call('POST', `/api/v1/accounts/${remoteId}/follow`, { token: camille.token }));
    const events: { type: string; accountId?: string }[] = [];
    const stop = t.ctx.events.subscribe((e) => void events.push(e as { type: string }));
    await env.deliver(fx['create-question']);
    // The live event comes through the database's NOTIFY (on a server, on another connection): waited for.
    await eventually(async () => events.some((e) => e.type === 'status' && e.accountId === remoteId));
    stop?.();
    const home = await json<{ content: string; poll: { options: { title: string; votes_count: number }[] } }[]>(
      t.call('GET', '/api/v1/timelines/home', { token: camille.token }),
    );
    expect(home[0]!.content).toContain('Tarte ou crumble');
    expect(home[0]!.poll.options).toEqual([
      { title: 'Tarte', votes_count: 4 },
      { title: 'Crumble', votes_count: 3 },
    ]);
  });

  it('refuses a note claiming another server’s id: nothing is stored', async () => {
    await env.deliver(fx['create-foreign']);
    expect(await count(sql`select 1 from statuses where uri is not null`)).toBe(0);
  });

  it('links a reply to our post, counts it and tells its author', async () => {
    await env.deliver(fx['create-reply']);
    const reply = await one<{ in_reply_to_id: string }>(
      sql`select in_reply_to_id from statuses where uri = ${`${ALICE}/statuses/113000000000000002`}`,
    );
    expect(reply?.in_reply_to_id).toBe(postId);
    expect(
      (await one<{ replies_count: number }>(sql`select replies_count from statuses where id = ${postId}`))
        ?.replies_count,
    ).toBe(1);
    // One notification (Mastodon's API shows a reply as a mention), not a second one for the mention.
    const notes = await queryRows<{ type: string }>(
      t.ctx.db,
      sql`select type from notifications where account_id = ${camille.id}`,
    );
    expect(notes.map((n) => n.type)).toEqual(['reply']);
  });

  it('drops everything a suspended server sends', async () => {
    await queryRows(t.ctx.db, sql`insert into domain_blocks (domain, severity) values ('mastodon.example', 'suspend')`);
    await env.deliver(fx['create-note']);
    await env.deliver(fx.follow);
    expect(await count(sql`select 1 from statuses where uri is not null`)).toBe(0);
    expect(await count(sql`select 1 from follows`)).toBe(0);
    expect(await count(sql`select 1 from accounts where domain is not null`)).toBe(0);
  });
});

describe('inbound Update and Delete', () => {
  it('edits a post and refreshes a profile, by their owner only', async () => {
    await env.deliver(fx['create-note']);
    await env.deliver(fx['update-note']);
    const s = await one<{ text: string; edited_at: Date | null; id: string }>(
      sql`select id, text, edited_at from statuses where uri = ${NOTE}`,
    );
    expect(s?.text).toContain('Ma tarte aux poires');
    expect(s?.edited_at).not.toBeNull();
    expect(await count(sql`select tag from status_tags where status_id = ${s?.id} and tag = 'automne'`)).toBe(1);
    await env.deliver(fx['update-person']);
    expect(
      (await one<{ display_name: string }>(sql`select display_name from accounts where id = ${await aliceId()}`))
        ?.display_name,
    ).toBe('Alice M.');
  });

  it('takes new poll counts from an Update without marking the post edited', async () => {
    await env.deliver(fx['create-question']);
    const question = structuredClone(fx['create-question'].object) as Record<string, unknown>;
    (question.oneOf as { replies: { totalItems: number } }[])[1]!.replies.totalItems = 9;
    await env.deliver({
      '@context': fx['create-question']['@context'],
      id: `${question.id}#updates/1`,
      type: 'Update',
      actor: ALICE,
      object: question,
    });
    const poll = await one<{ options: { votesCount: number }[]; edited_at: Date | null }>(
      sql`select p.options, s.edited_at from polls p join statuses s on s.id = p.status_id where s.uri = ${question.id as string}`,
    );
    expect(poll?.options.map((o) => o.votesCount)).toEqual([4, 9]);
    expect(poll?.edited_at).toBeNull();
  });

  it('deletes a post when its author says so, not when another server does', async () => {
    await env.deliver(fx['create-note']);
    await env.deliver(fx['delete-by-mallory']);
    expect(await count(sql`select 1 from statuses where uri = ${NOTE}`)).toBe(1);
    await env.deliver(fx['delete-note']);
    expect(await count(sql`select 1 from statuses where uri = ${NOTE}`)).toBe(0);
    expect(
      (await one<{ posts_count: number }>(sql`select posts_count from accounts where id = ${await aliceId()}`))
        ?.posts_count,
    ).toBe(0);
  });

  it('removes a deleted actor’s posts and follows', async () => {
    await env.deliver(fx['create-note']);
    await env.deliver(fx.follow);
    await env.deliver(fx['delete-actor']);
    expect(await count(sql`select 1 from statuses where uri is not null`)).toBe(0);
    expect(await count(sql`select 1 from follows`)).toBe(0);
    expect(
      (await one<{ suspended_at: Date | null }>(sql`select suspended_at from accounts where id = ${await aliceId()}`))
        ?.suspended_at,
    ).not.toBeNull();
  });
});

describe('inbound Follow, Like, Announce, Block', () => {
  it('follows, answers Accept with the Follow, and forgets it on Undo', async () => {
    await env.deliver(fx.follow);
    const remote = await aliceId();
    expect(await count(sql`select 1 from follows where follower_id = ${remote} and followee_id = ${camille.id}`)).toBe(
      1,
    );
    expect(
      (
        await one<{ activity_uri: string }>(
          sql`select activity_uri from federation_follows where follower_id = ${remote}`,
        )
      )?.activity_uri,
    ).toBe(fx.follow.id);
    expect(env.sent).toHaveLength(1);
    const accept = await env.sent[0]!.activity.toJsonLd();
    expect(accept).toMatchObject({ type: 'Accept', actor: 'http://localhost:3000/users/camille' });
    expect((accept as { object: { id: string } }).object.id).toBe(fx.follow.id);
    expect(env.sent[0]!.to.id?.href).toBe(ALICE);
    const notes = await json<{ type: string }[]>(t.call('GET', '/api/v1/notifications', { token: camille.token }));
    expect(notes.map((n) => n.type)).toEqual(['follow']);
    await env.deliver(fx['undo-follow']);
    expect(await count(sql`select 1 from follows`)).toBe(0);
    expect(await count(sql`select 1 from federation_follows`)).toBe(0);
  });

  it('likes our post and undoes the like', async () => {
    await env.deliver(fx.like);
    expect(
      (await one<{ favourites_count: number }>(sql`select favourites_count from statuses where id = ${postId}`))
        ?.favourites_count,
    ).toBe(1);
    const notes = await json<{ type: string }[]>(t.call('GET', '/api/v1/notifications', { token: camille.token }));
    expect(notes.map((n) => n.type)).toEqual(['favourite']);
    await env.deliver(fx['undo-like']);
    expect(
      (await one<{ favourites_count: number }>(sql`select favourites_count from statuses where id = ${postId}`))
        ?.favourites_count,
    ).toBe(0);
  });

  it('reposts our post under the Announce id, undone by its Undo', async () => {
    await env.deliver(fx.announce);
    const repost = await one<{ account_id: string }>(
      sql`select account_id from statuses where uri = ${fx.announce.id as string}`,
    );
    expect(repost?.account_id).toBe(await aliceId());
    expect(
      (await one<{ reblogs_count: number }>(sql`select reblogs_count from statuses where id = ${postId}`))
        ?.reblogs_count,
    ).toBe(1);
    await env.deliver(fx['undo-announce']);
    expect(await count(sql`select 1 from statuses where reblog_of_id = ${postId}`)).toBe(0);
  });

  it('fetches and stores an announced post it did not know, then the repost', async () => {
    await env.deliver(fx['announce-remote']);
    const original = await one<{ id: string; account_id: string }>(
      sql`select id, account_id from statuses where uri = 'https://other.example/users/mallory/statuses/555'`,
    );
    expect(original).toBeDefined();
    expect(
      await count(sql`select 1 from statuses where reblog_of_id = ${original?.id} and account_id = ${await aliceId()}`),
    ).toBe(1);
  });

  it('blocks: hidden both ways, follows removed', async () => {
    await env.deliver(fx.follow);
    await env.deliver(fx.block);
    expect(await count(sql`select 1 from blocks where target_id = ${camille.id}`)).toBe(1);
    expect(await count(sql`select 1 from follows`)).toBe(0);
  });

  it('a Reject of our follow removes it', async () => {
    await env.deliver(fx['update-person']);
    const remote = await aliceId();
    await json(t.call('POST', `/api/v1/accounts/${remote}/follow`, { token: camille.token }));
    await queryRows(
      t.ctx.db,
      sql`insert into federation_follows (follower_id, followee_id, activity_uri)
          values (${camille.id}, ${remote}, 'http://localhost:3000/users/camille#follows/1') on conflict do nothing`,
    );
    await env.deliver(fx['reject-follow']);
    expect(await count(sql`select 1 from follows where follower_id = ${camille.id}`)).toBe(0);
  });
});

describe('inbound Move and Flag', () => {
  it('moves our followers to the new account when it names the old one', async () => {
    await env.deliver(fx['update-person']);
    const old = await aliceId();
    await json(t.call('POST', `/api/v1/accounts/${old}/follow`, { token: camille.token }));
    await env.deliver(fx['move-unaliased']);
    expect(await count(sql`select 1 from follows where follower_id = ${camille.id} and followee_id = ${old}`)).toBe(1);
    await env.deliver(fx.move);
    const moved = await one<{ id: string }>(
      sql`select account_id as id from remote_actors where uri = 'https://other.example/users/alice2'`,
    );
    expect(
      await count(sql`select 1 from follows where follower_id = ${camille.id} and followee_id = ${moved?.id}`),
    ).toBe(1);
    expect(await count(sql`select 1 from follows where follower_id = ${camille.id} and followee_id = ${old}`)).toBe(0);
    expect(
      (await one<{ moved_to_id: string }>(sql`select moved_to_id from accounts where id = ${old}`))?.moved_to_id,
    ).toBe(moved?.id);
  });

  it('files a remote report in the moderation queue, by the server’s actor', async () => {
    await env.deliver(fx.flag);
    const report = await one<{
      target_type: string;
      target_id: string;
      comment: string;
      reporter: string;
      item_id: string;
    }>(
      sql`select r.target_type, r.target_id, r.comment, a.username as reporter, r.item_id
          from reports r join accounts a on a.id = r.reporter_id`,
    );
    expect(report).toMatchObject({
      target_type: 'post',
      target_id: postId,
      comment: 'Spam répété',
      reporter: 'mastodon.example@mastodon.example',
    });
    expect(report?.item_id).toBeTruthy();
  });
});
