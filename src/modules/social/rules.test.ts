/**
 * Social's rules (rules.ts) and notify() policy, as every reader and writer obeys them: a block
 * either way keeps an account's posts out of timelines, single reads, search, propagation and
 * both live engines; a muted sender does not notify, unless the notice must reach the person.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app';
import { queryRows } from '../../db/client';
import { person, runJobs, shop, shoppablePost } from '../../links/testing';
import { notifyAuthor } from '../moderation';
import { appToken, json, signUpUser, sseReader, type TestUser } from './api-test-support';
import { block, mute } from './graph';
import { listNotifications, unreadCount } from './notifications';

let t: TestApp;
let app: string;
let n = 0;
const uniq = () => `${++n}${Math.random().toString(36).slice(2, 6)}`;
const user = (name: string) => signUpUser(t, app, `${name}${uniq()}`);
const post = (u: TestUser, body: Record<string, unknown>) =>
  json<{ id: string }>(t.call('POST', '/api/v1/statuses', { token: u.token, body }));
const get = <T = any>(path: string, u?: TestUser) => json<T>(t.call('GET', path, { token: u?.token }));
const act = (u: TestUser, path: string, body?: unknown) => json(t.call('POST', path, { token: u.token, body }));
const ids = (list: { id: string; reblog?: { id: string } | null }[]) => list.map((s) => s.reblog?.id ?? s.id);
const open = async (path: string, token: string) => {
  const res = await t.app.request(path, { headers: { authorization: `Bearer ${token}` } });
  expect(res.status).toBe(200);
  return sseReader(res);
};
const typesOf = async (accountId: string) => (await listNotifications(t.ctx, accountId)).map((x) => x.type);

beforeAll(async () => {
  t = await createTestApp();
  app = await appToken(t);
});
afterAll(() => t.close());

describe('blocks, both ways, for every reader', () => {
  it('keeps a blocked or blocking account’s posts out of timelines, single reads, search, propagation and streams', async () => {
    const viewer = await user('vi');
    const blocker = await user('bl'); // blocks the viewer
    const blocked = await user('bd'); // blocked by the viewer
    const friend = await user('fr');
    const word = `raclette${uniq()}`;
    await act(viewer, `/api/v1/accounts/${friend.id}/follow`);
    await act(blocker, `/api/v1/accounts/${viewer.id}/block`);
    await act(viewer, `/api/v1/accounts/${blocked.id}/block`);

    // Both live engines, opened before anything is posted.
    const mastodon = await open('/api/v1/streaming/public', viewer.token);
    const pages = await open('/live?stream=local', viewer.token);
    const tag = await open(`/api/v1/streaming/hashtag?tag=${word}`, viewer.token);
    try {
      const root = await post(friend, { status: `Le ${word} du vendredi #${word}` });
      const fromBlocker = await post(blocker, { status: `Mon ${word} à moi #${word}` });
      const fromBlocked = await post(blocked, { status: `Un autre ${word} #${word}` });
      const replies = [
        await post(blocker, { status: `@${friend.username} oui`, in_reply_to_id: root.id }),
        await post(blocked, { status: 'non', in_reply_to_id: root.id }),
      ];
      // The friend reposts them: home shows the friend's reposts, but never of these two.
      await act(friend, `/api/v1/statuses/${fromBlocker.id}/reblog`);
      await act(friend, `/api/v1/statuses/${fromBlocked.id}/reblog`);
      const last = await post(friend, { status: `Fin du ${word} #${word}` });

      const hidden = [fromBlocker.id, fromBlocked.id, ...replies.map((r) => r.id)];
      const home = ids(await get('/api/v1/timelines/home', viewer));
      expect(home).toEqual([last.id, root.id]);
      expect(ids(await get('/api/v1/timelines/public?local=true', viewer))).not.toEqual(
        expect.arrayContaining([fromBlocker.id]),
      );
      expect(ids(await get(`/api/v1/timelines/tag/${word}`, viewer))).toEqual([last.id, root.id]);
      for (const id of hidden)
        expect((await t.call('GET', `/api/v1/statuses/${id}`, { token: viewer.token })).status).toBe(404);
      const context = await get(`/api/v1/statuses/${root.id}/context`, viewer);
      expect(context.descendants).toEqual([]);
      const search = await get(`/api/v2/search?q=${word}&type=statuses`, viewer);
      expect(ids(search.statuses).sort()).toEqual([root.id, last.id].sort());
      const propagation = await get(`/api/v1/statuses/${root.id}/propagation`, viewer);
      expect(propagation.root.children).toEqual([]);
      // Others still see them.
      expect((await get(`/api/v1/statuses/${root.id}/propagation`, friend)).root.children).toHaveLength(2);

      await mastodon.waitFor((e) => e.event === 'update' && JSON.parse(e.data).id === last.id);
      await pages.waitFor((e) => e.event === 'status' && JSON.parse(e.data).id === last.id);
      await tag.waitFor((e) => e.event === 'update' && JSON.parse(e.data).id === last.id);
      const streamed = [...mastodon.events, ...tag.events]
        .filter((e) => e.event === 'update')
        .map((e) => JSON.parse(e.data).id);
      expect(streamed.sort()).toEqual([root.id, last.id, root.id, last.id].sort());
      expect(pages.events.filter((e) => e.event === 'status').map((e) => JSON.parse(e.data).id)).toEqual([
        root.id,
        last.id,
      ]);
    } finally {
      await Promise.all([mastodon.close(), pages.close(), tag.close()]);
    }
  });

  it('keeps a blocked or blocking author out of a brand’s watch matches', async () => {
    const s = await shop(t, app);
    const word = `munster${uniq()}`;
    const watch = await json<{ id: string }>(
      t.call('POST', `/api/v1/brands/${s.brand.id}/watches`, {
        token: s.owner.token,
        body: { name: 'Munster', query: word },
      }),
      201,
    );
    const [blockedByBrand, blockingBrand, plain] = [await user('wa'), await user('wb'), await user('wc')];
    await block(t.ctx, s.brand.id, blockedByBrand.id);
    await act(blockingBrand, `/api/v1/accounts/${s.brand.id}/block`);
    await post(blockedByBrand, { status: `Le ${word} est mauvais` });
    await post(blockingBrand, { status: `Le ${word} est fade` });
    const kept = await post(plain, { status: `Le ${word} est parfait` });
    await runJobs(t);
    const matches = await get<any[]>(`/api/v1/brands/${s.brand.id}/watches/${watch.id}/matches`, s.owner);
    expect(matches.map((m) => m.id)).toEqual([kept.id]);
  });

  it('lets one still open a muted account’s post directly, but not see it in home', async () => {
    const viewer = await user('mv');
    const muted = await user('mu');
    await act(viewer, `/api/v1/accounts/${muted.id}/follow`);
    await act(viewer, `/api/v1/accounts/${muted.id}/mute`);
    const p = await post(muted, { status: 'Toujours lisible' });
    expect((await get(`/api/v1/statuses/${p.id}`, viewer)).id).toBe(p.id);
    expect(ids(await get('/api/v1/timelines/home', viewer))).toEqual([]);
  });
});

describe('notify(): one policy for every notification', () => {
  it('drops likes, mentions, replies and follows from a muted sender', async () => {
    const me = await user('me');
    const noisy = await user('no');
    await act(me, `/api/v1/accounts/${noisy.id}/mute`);
    const mine = await post(me, { status: 'Mon message' });
    await act(noisy, `/api/v1/statuses/${mine.id}/favourite`);
    await post(noisy, { status: `@${me.username} coucou` });
    await post(noisy, { status: 'réponse', in_reply_to_id: mine.id });
    await act(noisy, `/api/v1/accounts/${me.id}/follow`);
    expect(await typesOf(me.id)).toEqual([]);
    // Muting without hiding notifications lets them through, as on Mastodon.
    const other = await user('ot');
    await act(me, `/api/v1/accounts/${other.id}/mute`, { notifications: false });
    await act(other, `/api/v1/statuses/${mine.id}/favourite`);
    expect(await typesOf(me.id)).toEqual(['favourite']);
  });

  it('a moderation outcome reaches a person who muted the brand; a block still drops it', async () => {
    const s = await shop(t, app);
    const author = await user('au');
    await act(author, `/api/v1/accounts/${s.brand.id}/mute`);
    const p = await post(author, { status: 'Un avis' });
    await t.ctx.db.transaction((tx) =>
      notifyAuthor(tx, { to: author.id, from: s.brand.id, detail: 'post_rejected:insult', subjectId: p.id }),
    );
    expect(await typesOf(author.id)).toEqual(['moderation']);
    expect(await unreadCount(t.ctx, author.id)).toBe(1);
    await act(author, `/api/v1/accounts/${s.brand.id}/block`);
    await t.ctx.db.transaction((tx) =>
      notifyAuthor(tx, { to: author.id, from: s.brand.id, detail: 'post_rejected:spam', subjectId: p.id }),
    );
    expect(await typesOf(author.id)).toEqual([]);
  });

  it('a muted account’s reply-to-buy notifies neither the merchant who muted it nor a buyer who muted the brand', async () => {
    const s = await shop(t, app, { stock: 5 });
    const shoppable = await shoppablePost(t, s);
    const buyer = await person(t, app, { details: true });
    // The brand mutes the buyer.
    await mute(t.ctx, s.brand.id, buyer.id);
    const other = await person(t, app, { details: true });
    await json(t.call('POST', `/api/v1/accounts/${s.brand.id}/mute`, { token: other.token }));

    await json(
      t.call('POST', '/api/v1/statuses', {
        token: buyer.token,
        body: { status: 'Je prends #jachete', in_reply_to_id: shoppable.id },
      }),
    );
    await json(
      t.call('POST', '/api/v1/statuses', {
        token: other.token,
        body: { status: 'Moi aussi #jachete', in_reply_to_id: shoppable.id },
      }),
    );
    await runJobs(t);
    const brandNotes = await queryRows<{ from_account_id: string }>(
      t.ctx.db,
      sql`select from_account_id from notifications where account_id = ${s.brand.id}`,
    );
    expect(brandNotes.map((r) => r.from_account_id)).toEqual([other.id]);
    // Both orders exist; the buyer who muted the brand is not notified (the order waits on /orders).
    expect(await typesOf(buyer.id)).toEqual(['order']);
    expect(await typesOf(other.id)).toEqual([]);
  });
});
