/**
 * What our server sends, seen on the wire by a remote inbox we run here: every delivery is
 * signed (checked with Fedify's verifyRequest against our actor's key, fetched over HTTP) and
 * parses back with the vocabulary, with the fields a Mastodon server reads.
 */
import {
  Announce,
  Block,
  Create,
  Delete,
  Follow,
  Like,
  Note,
  Person,
  PUBLIC_COLLECTION,
  Undo,
  Update,
} from '@fedify/vocab';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { person } from '../../../test/support/catalog';
import { shopWithProduct } from '../../../test/support/commerce';
import { eventually } from '../../../test/support/federation';
import { startTestServer, type TestServer } from '../../../test/support/server';
import { queryRows } from '../../db/client';
import { polls, statuses } from '../../db/schema';
import { uuidv7 } from '../../db/ids';
import { updateProfile } from '../accounts';
import {
  block,
  createStatus,
  deleteStatus,
  favourite,
  follow,
  reblog,
  runPublished,
  type SocialAct,
  vote,
} from '../social';
import { queueAct } from './outbox';
import { documentLoader, recordingInbox } from './inbox-test-support';
import { federationContext } from './federation';
import { persistActor } from './remote';

describe('deliveries to a remote server', () => {
  let s: TestServer;
  let inbox: Awaited<ReturnType<typeof recordingInbox>>;
  let alice: Awaited<ReturnType<typeof person>>;
  let bob: { id: string };
  let aliceUri: string;
  const bobUri = () => `${inbox.url}/users/bob`;

  /** The first delivery of this type (and object id, when given) that arrived, once it has. */
  const delivered = (type: string, test: (json: Record<string, unknown>) => boolean = () => true) =>
    eventually(async () => inbox.received.find((r) => r.json.type === type && test(r.json)));

  beforeAll(async () => {
    inbox = await recordingInbox();
    s = await startTestServer({ federation: true, federationAllowPrivate: true });
    alice = await person(s, 'alice');
    aliceUri = `${s.url}/users/${alice.account.username}`;
    const remote = new Person({
      id: new URL(bobUri()),
      preferredUsername: 'bob',
      inbox: new URL(`${inbox.url}/users/bob/inbox`),
      endpoints: null,
      url: new URL(`${inbox.url}/@bob`),
    });
    bob = await persistActor(federationContext(s.ctx), remote);
    await s.ctx.db.execute(
      // The shared inbox of bob's server (persistActor reads endpoints; set here for brevity).
      `update remote_actors set shared_inbox_url = '${inbox.url}/inbox' where account_id = '${bob.id}'`,
    );
  });
  afterAll(async () => {
    await s?.stop();
    await inbox?.close();
  });

  it('a follow is a signed Follow to their inbox, its Undo names the same id', async () => {
    await follow(s.ctx, alice.id, bob.id);
    const got = await delivered('Follow');
    expect(got.path).toBe('/users/bob/inbox');
    expect(got.signer).toBe(aliceUri);
    const activity = await Follow.fromJsonLd(got.json, { documentLoader, contextLoader: documentLoader });
    expect(activity.actorId?.href).toBe(aliceUri);
    expect(activity.objectId?.href).toBe(bobUri());
    const res = await s.call('POST', `/api/v1/accounts/${bob.id}/unfollow`, { token: alice.token });
    expect(res.status).toBe(200);
    const undo = await delivered('Undo', (j) => (j.object as { type?: string })?.type === 'Follow');
    const parsed = await Undo.fromJsonLd(undo.json, { documentLoader, contextLoader: documentLoader });
    const object = (await parsed.getObject({ documentLoader })) as Follow;
    expect(object.id?.href).toBe(activity.id?.href);
  });

  it("a post reaches a remote follower's shared inbox as a Create; its deletion as a Delete", async () => {
    await follow(s.ctx, bob.id, alice.id);
    const post = await createStatus(s.ctx, alice.id, { text: `Bonjour @bob@${new URL(inbox.url).host} #fromage` });
    const got = await delivered('Create');
    expect(got.path).toBe('/inbox');
    expect(got.signer).toBe(aliceUri);
    const create = await Create.fromJsonLd(got.json, { documentLoader, contextLoader: documentLoader });
    const note = (await create.getObject({ documentLoader })) as Note;
    expect(note).toBeInstanceOf(Note);
    expect(note.id?.href).toBe(`${aliceUri}/statuses/${post.id}`);
    expect(note.toIds.map(String)).toEqual([PUBLIC_COLLECTION.href]);
    expect(note.ccIds.map(String)).toContain(bobUri());
    // The remote mention is a link to their profile on their server.
    expect(note.content?.toString()).toContain(`href="${inbox.url}/@bob"`);
    await deleteStatus(s.ctx, [alice.id], post.id);
    const gone = await delivered('Delete');
    const remove = await Delete.fromJsonLd(gone.json, { documentLoader, contextLoader: documentLoader });
    expect(remove.objectId?.href).toBe(note.id?.href);
    expect(gone.signer).toBe(aliceUri);
  });

  it('a like and a repost of a remote post, and a block, are sent to its author', async () => {
    const remotePost = uuidv7();
    const uri = `${inbox.url}/users/bob/statuses/1`;
    await s.ctx.db
      .insert(statuses)
      .values({ id: remotePost, accountId: bob.id, text: 'Salut', contentHtml: '<p>Salut</p>', uri, url: uri });
    await favourite(s.ctx, alice.id, remotePost);
    const like = await Like.fromJsonLd((await delivered('Like')).json, {
      documentLoader,
      contextLoader: documentLoader,
    });
    expect(like.objectId?.href).toBe(uri);
    await reblog(s.ctx, alice.id, remotePost);
    const announce = await Announce.fromJsonLd((await delivered('Announce')).json, {
      documentLoader,
      contextLoader: documentLoader,
    });
    expect(announce.objectId?.href).toBe(uri);
    expect(announce.ccIds.map(String)).toContain(bobUri());
    await block(s.ctx, alice.id, bob.id);
    const blocked = await Block.fromJsonLd((await delivered('Block')).json, {
      documentLoader,
      contextLoader: documentLoader,
    });
    expect(blocked.objectId?.href).toBe(bobUri());
  });

  it('a profile change is an Update of the actor', async () => {
    const carol = await person(s, 'carol');
    await follow(s.ctx, bob.id, carol.id);
    await updateProfile(s.ctx, carol.id, { displayName: 'Carol la fromagère' });
    const got = await delivered('Update');
    const update = await Update.fromJsonLd(got.json, { documentLoader, contextLoader: documentLoader });
    const actor = (await update.getObject({ documentLoader })) as Person;
    expect(actor.name?.toString()).toBe('Carol la fromagère');
    expect(got.signer).toBe(`${s.url}/users/${carol.account.username}`);
  });

  it('a remote person who replies with the buy keyword is answered with a link to confirm on Comptoir', async () => {
    const shop = await shopWithProduct(s);
    const post = await createStatus(s.ctx, shop.brand.id, {
      text: 'Comté 24 mois',
      extensions: { products: [shop.productId] },
    });
    const yann = await persistActor(
      federationContext(s.ctx),
      new Person({
        id: new URL(`${inbox.url}/users/yann`),
        preferredUsername: 'yann',
        inbox: new URL(`${inbox.url}/users/yann/inbox`),
      }),
    );
    // Their reply, as the inbound side stores it, then the post's follow-ups (the status.published job, run twice).
    const reply = uuidv7();
    const uri = `${inbox.url}/users/yann/statuses/2`;
    await s.ctx.db.insert(statuses).values({
      id: reply,
      accountId: yann.id,
      text: 'Je prends ! #jachete',
      contentHtml: '<p>Je prends ! #jachete</p>',
      inReplyToId: post.id,
      inReplyToAccountId: shop.brand.id,
      uri,
      url: uri,
    });
    await runPublished(s.ctx, { statusId: reply, extensions: ['reply_to_buy'] });
    await runPublished(s.ctx, { statusId: reply, extensions: ['reply_to_buy'] });
    const answers = await queryRows<{ id: string; text: string }>(
      s.ctx.db,
      sql`select id, text from statuses where in_reply_to_id = ${reply} and account_id = ${shop.brand.id}`,
    );
    expect(answers).toHaveLength(1);
    const productUrl = `${s.url}/@${shop.brand.username}/products/${shop.productId}`;
    expect(answers[0].text).toContain(productUrl);
    // No order waits for someone who cannot pay here.
    expect(await queryRows(s.ctx.db, sql`select 1 from orders where buyer_id = ${yann.id}`)).toEqual([]);
    const got = await delivered('Create', (j) => String((j.object as { id?: string })?.id).endsWith(answers[0].id));
    expect(got.path).toBe('/users/yann/inbox');
    const create = await Create.fromJsonLd(got.json, { documentLoader, contextLoader: documentLoader });
    const note = (await create.getObject({ documentLoader })) as Note;
    expect(note.replyTargetId?.href).toBe(uri);
    // The link in the text (shortened as every link of a post) leads to the product page.
    expect(note.content?.toString()).toMatch(/<a href="[^"]+\/s\/[^"]+"/);
    expect(note.content?.toString()).toContain(`href="${inbox.url}/users/yann"`);
  });

  it("a vote in a remote poll is one Create(Note) per choice, named after the option, to the poll's author", async () => {
    const zed = await persistActor(
      federationContext(s.ctx),
      new Person({
        id: new URL(`${inbox.url}/users/zed`),
        preferredUsername: 'zed',
        inbox: new URL(`${inbox.url}/users/zed/inbox`),
      }),
    );
    const voter = await person(s, 'voter');
    const post = uuidv7();
    const uri = `${inbox.url}/users/zed/statuses/3`;
    await s.ctx.db.insert(statuses).values({ id: post, accountId: zed.id, text: 'A ou B ?', uri, url: uri });
    const pollId = uuidv7();
    await s.ctx.db.insert(polls).values({
      id: pollId,
      statusId: post,
      options: [
        { title: 'A', votesCount: 0 },
        { title: 'B', votesCount: 0 },
      ],
      expiresAt: new Date(Date.now() + 3_600_000),
    });
    await vote(s.ctx, voter.id, pollId, [1]);
    const got = await delivered('Create', (j) => (j.object as { inReplyTo?: string })?.inReplyTo === uri);
    expect(got.path).toBe('/users/zed/inbox');
    const create = await Create.fromJsonLd(got.json, { documentLoader, contextLoader: documentLoader });
    const note = (await create.getObject({ documentLoader })) as Note;
    expect(note.name?.toString()).toBe('B');
    expect(note.replyTargetId?.href).toBe(uri);
  });

  it("only our accounts' acts that concern another server are queued", async () => {
    const dave = await person(s, 'dave');
    const count = async (act: SocialAct) => {
      let n = -1;
      await s.ctx.db
        .transaction(async (tx) => {
          await queueAct(tx, act);
          const [row] = await queryRows<{ n: number }>(
            tx,
            sql`select count(*)::int as n from jobs where kind = 'federation.send' and payload->'act' = ${JSON.stringify(act)}::jsonb`,
          );
          n = row.n;
          throw new Error('rollback');
        })
        .catch(() => undefined);
      return n;
    };
    // Between two of ours: nothing to send.
    expect(await count({ type: 'follow', accountId: dave.id, targetId: alice.id })).toBe(0);
    // A remote account's act (received from its server): nothing to send back.
    expect(await count({ type: 'follow', accountId: bob.id, targetId: dave.id })).toBe(0);
    // Ours to a remote account: queued.
    expect(await count({ type: 'follow', accountId: dave.id, targetId: bob.id })).toBe(1);
    // A repost of a local post by an account with no remote follower: nothing; with one: queued.
    const post = await createStatus(s.ctx, alice.id, { text: 'Local' });
    expect(await count({ type: 'reblog', accountId: dave.id, statusId: uuidv7(), originalId: post.id })).toBe(0);
    await follow(s.ctx, bob.id, dave.id);
    expect(await count({ type: 'reblog', accountId: dave.id, statusId: uuidv7(), originalId: post.id })).toBe(1);
  });

  it('nothing goes to a server a platform moderator suspended', async () => {
    const erin = await person(s, 'erin');
    await follow(s.ctx, bob.id, erin.id);
    const host = new URL(inbox.url).host;
    await queryRows(s.ctx.db, sql`insert into domain_blocks (domain, severity) values (${host}, 'suspend')`);
    try {
      await createStatus(s.ctx, erin.id, { text: 'Pour mes abonnés, sauf ceux des serveurs suspendus' });
      await follow(s.ctx, erin.id, bob.id);
      // Every federation job of these acts has run (to the fan-out's last delivery).
      await eventually(async () => {
        const [row] = await queryRows<{ n: number }>(
          s.ctx.db,
          sql`select count(*)::int as n from jobs where done_at is null and attempts < max_attempts
              and (kind like 'federation.%' or kind = 'status.published')`,
        );
        return row.n === 0;
      });
      const fromErin = inbox.received.filter((r) => JSON.stringify(r.json).includes(erin.account.username));
      expect(fromErin).toEqual([]);
    } finally {
      await queryRows(s.ctx.db, sql`delete from domain_blocks where domain = ${host}`);
    }
  });
});
