import { Temporal } from '@js-temporal/polyfill';
import { Create, Follow, isActor, Note, PUBLIC_COLLECTION } from '@fedify/vocab';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTwoInstances } from '../../../../test/support/federation';
import type { TestServer } from '../../../../test/support/server';
import { queryRows } from '../../../db/client';
import { follow } from '../../social';
import { appToken, json, signUpUser, type TestUser } from '../../social/api-test-support';
import { federationContext } from '../federation';
import { persistActor } from '../remote';

let s1: TestServer;
let s2: TestServer;
let camille: TestUser;
let dom: TestUser;

beforeAll(async () => {
  [s1, s2] = await startTwoInstances();
  camille = await signUpUser(s1, await appToken(s1), 'camille');
  dom = await signUpUser(s2, await appToken(s2), 'dom');
});
afterAll(async () => {
  await Promise.all([s1?.stop(), s2?.stop()]);
});

describe('deliveries between two instances, signed for real', () => {
  it('a public post of instance 2 lands in the home timeline of its follower on instance 1', async () => {
    // Instance 1 knows dom and camille follows him (sending that Follow is the outbound side's
    // part: here the follow is made through instance 1's own services).
    const ctx1 = federationContext(s1.ctx);
    const domActor = await ctx1.lookupObject(`${s2.url}/users/dom`);
    if (!isActor(domActor)) throw new Error('dom is not an actor');
    const remote = await persistActor(ctx1, domActor);
    await follow(s1.ctx, camille.id, remote.id);

    // dom posts on instance 2, which signs and delivers the Create through Fedify's queue.
    const post = await json<{ id: string }>(
      s2.call('POST', '/api/v1/statuses', { token: dom.token, body: { status: 'Bonjour de l’instance 2 #fedi' } }),
    );
    const ctx2 = federationContext(s2.ctx);
    const camilleActor = await ctx2.lookupObject(`${s1.url}/users/camille`);
    if (!isActor(camilleActor)) throw new Error('camille is not an actor');
    const noteId = new URL(`${s2.url}/users/dom/statuses/${post.id}`);
    const published = Temporal.Instant.from(new Date().toISOString());
    await ctx2.sendActivity(
      { identifier: 'dom' },
      camilleActor,
      new Create({
        id: new URL(`${noteId.href}/activity`),
        actor: ctx2.getActorUri('dom'),
        to: PUBLIC_COLLECTION,
        cc: ctx2.getFollowersUri('dom'),
        published,
        object: new Note({
          id: noteId,
          attribution: ctx2.getActorUri('dom'),
          to: PUBLIC_COLLECTION,
          cc: ctx2.getFollowersUri('dom'),
          content: '<p>Bonjour de l’instance 2 <a href="http://x/tags/fedi" rel="tag">#fedi</a></p>',
          published,
        }),
      }),
    );

    const seen = await eventually(async () => {
      const home = await json<{ content: string; account: { id: string }; uri: string }[]>(
        s1.call('GET', '/api/v1/timelines/home', { token: camille.token }),
      );
      return home.find((s) => s.content.includes('Bonjour de l’instance 2'));
    });
    expect(seen.account.id).toBe(remote.id);
    const [stored] = await queryRows<{ uri: string; visibility: string }>(
      s1.ctx.db,
      sql`select uri, visibility from statuses where account_id = ${remote.id}`,
    );
    expect(stored).toEqual({ uri: noteId.href, visibility: 'public' });
  });

  it('a Follow signed by instance 2 makes the follow on instance 1', async () => {
    const ctx2 = federationContext(s2.ctx);
    const camilleActor = await ctx2.lookupObject(`${s1.url}/users/camille`);
    if (!isActor(camilleActor) || !camilleActor.id) throw new Error('camille is not an actor');
    await ctx2.sendActivity(
      { identifier: 'dom' },
      camilleActor,
      new Follow({
        id: new URL(`${s2.url}/users/dom#follows/${crypto.randomUUID()}`),
        actor: ctx2.getActorUri('dom'),
        object: camilleActor.id,
      }),
    );
    const row = await eventually(async () => {
      const [f] = await queryRows<{ username: string }>(
        s1.ctx.db,
        sql`select a.username from follows f join accounts a on a.id = f.follower_id where f.followee_id = ${camille.id}`,
      );
      return f;
    });
    expect(row.username).toBe(`dom@${new URL(s2.url).host}`);
  });
});
