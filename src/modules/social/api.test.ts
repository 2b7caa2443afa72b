import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app';
import { hmac, sha256 } from '../../lib/crypto';
import { createBrand, createSession, setActingFor, setMember } from '../accounts';
import { appToken, json, links, pathOf, signUpUser, type TestUser } from './api-test-support';

// Windows of a day: the limit is reached by count, whatever the machine's speed (a 60 s window
// could end mid-test on a loaded machine, and the expected 429 would never come).
const DAY = 86_400;

let t: TestApp;
let app: string;
const user = (name: string) => signUpUser(t, app, name);
const post = (u: TestUser, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
  t.call('POST', '/api/v1/statuses', { token: u.token, body, headers });

beforeAll(async () => {
  t = await createTestApp();
  app = await appToken(t);
});
afterAll(() => t.close());

describe('POST/GET/DELETE /api/v1/statuses', () => {
  it('posts with JSON and with a form, reads back, deletes with the source text', async () => {
    const ana = await user('ana');
    const created = await json(
      post(ana, { status: 'Bonjour #Comptoir', visibility: 'public', language: 'fr', spoiler_text: '' }),
    );
    expect(created).toMatchObject({
      account: { id: ana.id, username: 'ana' },
      visibility: 'public',
      language: 'fr',
      text: 'Bonjour #Comptoir',
      tags: [{ name: 'comptoir' }],
    });
    expect(created.content).toContain('<p>Bonjour');

    const form = new URLSearchParams({
      status: 'En formulaire',
      sensitive: 'true',
      spoiler_text: 'Attention',
      in_reply_to_id: created.id,
    });
    const res = await t.app.request('/api/v1/statuses', {
      method: 'POST',
      headers: { authorization: `Bearer ${ana.token}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
    });
    const reply = await json(res);
    expect(reply).toMatchObject({
      in_reply_to_id: created.id,
      in_reply_to_account_id: ana.id,
      sensitive: true,
      spoiler_text: 'Attention',
    });

    const read = await json(t.call('GET', `/api/v1/statuses/${created.id}`));
    expect(read.replies_count).toBe(1);
    const context = await json(t.call('GET', `/api/v1/statuses/${reply.id}/context`, { token: ana.token }));
    expect(context.ancestors.map((s: any) => s.id)).toEqual([created.id]);
    expect(context.descendants).toEqual([]);

    const quote = await json(post(ana, { status: 'Je cite', quoted_status_id: created.id }));
    expect(quote.quote).toMatchObject({ state: 'accepted', quoted_status: { id: created.id } });

    const deleted = await json(t.call('DELETE', `/api/v1/statuses/${reply.id}`, { token: ana.token }));
    expect(deleted).toMatchObject({ id: reply.id, text: 'En formulaire' });
    const gone = await t.call('GET', `/api/v1/statuses/${reply.id}`);
    expect(gone.status).toBe(404);
    expect(await gone.json()).toMatchObject({ error: expect.stringMatching(/not found/) });
    expect((await t.call('GET', '/api/v1/statuses/not-an-id')).status).toBe(404);
  });

  it('escapes markup, refuses over-long posts with Mastodon’s error shape, needs a token', async () => {
    const bea = await user('bea');
    const status = await json(post(bea, { status: '<script>alert(1)</script> & <b>gras</b>' }));
    expect(status.content).not.toContain('<script>');
    expect(status.content).toContain('&lt;script&gt;');
    expect(status.content).toContain('&amp;');

    const long = await t.call('POST', '/api/v1/statuses', { token: bea.token, body: { status: 'x'.repeat(501) } });
    expect(long.status).toBe(422);
    const body = await long.json();
    expect(typeof body.error).toBe('string');
    expect(body.error).toMatch(/500/);

    expect((await t.call('POST', '/api/v1/statuses', { body: { status: 'anonymous' } })).status).toBe(401);
    const empty = await t.call('POST', '/api/v1/statuses', { token: bea.token, body: { status: '   ' } });
    expect(empty.status).toBe(422);
  });

  it('Idempotency-Key: the same request twice (in parallel) makes one post; another body is a 422', async () => {
    const cam = await user('cam');
    const headers = { 'Idempotency-Key': 'k-1' };
    const [a, b] = await Promise.all([
      post(cam, { status: 'Une seule fois' }, headers),
      post(cam, { status: 'Une seule fois' }, headers),
    ]);
    const [first, second] = [await json(a), await json(b)];
    expect(second.id).toBe(first.id);
    const again = await json(post(cam, { status: 'Une seule fois' }, headers));
    expect(again.id).toBe(first.id);
    const mine = await json(t.call('GET', `/api/v1/accounts/${cam.id}/statuses`));
    expect(mine).toHaveLength(1);

    const other = await post(cam, { status: 'Autre chose' }, headers);
    expect(other.status).toBe(422);
    expect((await other.json()).error).toMatch(/Idempotency-Key/);
    // Keys are per account: another person may use the same one.
    const dan = await user('dan');
    expect((await post(dan, { status: 'Une seule fois' }, headers)).status).toBe(200);
  });

  it('rate-limits posting per account with 429 and Retry-After', async () => {
    const eli = await user('eli');
    const saved = t.ctx.config.rateLimits.post;
    t.ctx.config.rateLimits.post = [2, DAY];
    try {
      expect((await post(eli, { status: 'un' })).status).toBe(200);
      expect((await post(eli, { status: 'deux' })).status).toBe(200);
      const third = await post(eli, { status: 'trois' });
      expect(third.status).toBe(429);
      expect(Number(third.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(typeof (await third.json()).error).toBe('string');
    } finally {
      t.ctx.config.rateLimits.post = saved;
    }
  });

  it('posts as a brand for a team member (as_account_id or header), and lets members delete them', async () => {
    const fay = await user('fay');
    const gil = await user('gil');
    const hal = await user('hal');
    const brand = await createBrand({ db: t.ctx.db }, fay.id, { username: 'fromagerie' });
    await setMember({ db: t.ctx.db }, fay.id, brand.id, gil.id, 'staff');

    const byOwner = await json(post(fay, { status: 'Nouveau comté', as_account_id: brand.id }));
    expect(byOwner.account.id).toBe(brand.id);
    const byStaff = await json(post(gil, { status: 'Arrivage' }, { 'Comptoir-Acting-For': brand.id }));
    expect(byStaff.account.id).toBe(brand.id);
    expect((await post(hal, { status: 'Usurpation', as_account_id: brand.id })).status).toBe(403);

    // A web session acting for the brand posts as the brand unless told otherwise.
    const session = await createSession({ db: t.ctx.db }, gil.id);
    await setActingFor({ db: t.ctx.db }, sha256(session), brand.id);
    const cookie = {
      cookie: `comptoir_session=${session}; comptoir_csrf=seed`,
      'x-csrf-token': hmac(t.ctx.secret, 'seed'),
    };
    expect(
      (await json(t.call('POST', '/api/v1/statuses', { body: { status: 'Depuis le site' }, headers: cookie }))).account
        .id,
    ).toBe(brand.id);
    expect(
      (
        await json(
          t.call('POST', '/api/v1/statuses', {
            body: { status: 'En mon nom', as_account_id: gil.id },
            headers: cookie,
          }),
        )
      ).account.id,
    ).toBe(gil.id);
    expect(
      (
        await t.call('POST', '/api/v1/statuses', {
          body: { status: 'Sans jeton CSRF' },
          headers: { cookie: cookie.cookie },
        })
      ).status,
    ).toBe(403);

    expect((await t.call('DELETE', `/api/v1/statuses/${byOwner.id}`, { token: hal.token })).status).toBe(403);
    const deleted = await json(t.call('DELETE', `/api/v1/statuses/${byOwner.id}`, { token: gil.token }));
    expect(deleted.id).toBe(byOwner.id);
  });

  it('a blocked account can neither reply nor like; media ids must be one’s own', async () => {
    const ida = await user('ida');
    const jon = await user('jon');
    const target = await json(post(ida, { status: 'Privé de jon' }));
    await json(t.call('POST', `/api/v1/accounts/${jon.id}/block`, { token: ida.token }));
    expect((await post(jon, { status: 'réponse', in_reply_to_id: target.id })).status).toBe(404);
    expect((await t.call('POST', `/api/v1/statuses/${target.id}/favourite`, { token: jon.token })).status).toBe(404);
    // The blocker cannot reply to the one they block either.
    const jons = await json(post(jon, { status: 'Mon post' }));
    expect((await post(ida, { status: 'non', in_reply_to_id: jons.id })).status).toBe(403);
    expect((await post(ida, { status: 'x', media_ids: ['nope'] })).status).toBe(422);
  });
});

describe('reactions', () => {
  it('favourite, reblog (wrapping the original), bookmark; lists are private to their owner', async () => {
    const kim = await user('kim');
    const lou = await user('lou');
    const status = await json(post(kim, { status: 'À aimer' }));

    const fav = await json(t.call('POST', `/api/v1/statuses/${status.id}/favourite`, { token: lou.token }));
    expect(fav).toMatchObject({ id: status.id, favourited: true, favourites_count: 1 });
    const reblog = await json(t.call('POST', `/api/v1/statuses/${status.id}/reblog`, { token: lou.token }));
    expect(reblog.account.id).toBe(lou.id);
    expect(reblog.reblog).toMatchObject({ id: status.id, reblogged: true, reblogs_count: 1 });
    const bookmarked = await json(t.call('POST', `/api/v1/statuses/${status.id}/bookmark`, { token: lou.token }));
    expect(bookmarked.bookmarked).toBe(true);

    expect((await json(t.call('GET', `/api/v1/statuses/${status.id}/favourited_by`))).map((a: any) => a.id)).toEqual([
      lou.id,
    ]);
    expect((await json(t.call('GET', `/api/v1/statuses/${status.id}/reblogged_by`))).map((a: any) => a.id)).toEqual([
      lou.id,
    ]);
    const favourites = await t.call('GET', '/api/v1/favourites', { token: lou.token });
    expect((await json(favourites)).map((s: any) => s.id)).toEqual([status.id]);
    // The cursors are the favourite's own id (when it was made), not the post's.
    const cursor = links(favourites).next.searchParams.get('max_id');
    expect(cursor).not.toBe(status.id);
    expect(await json(t.call('GET', `/api/v1/favourites?max_id=${cursor}`, { token: lou.token }))).toEqual([]);
    expect((await json(t.call('GET', '/api/v1/bookmarks', { token: lou.token }))).map((s: any) => s.id)).toEqual([
      status.id,
    ]);
    // Another account's bookmarks are never visible: their own list, their own flags.
    expect(await json(t.call('GET', '/api/v1/bookmarks', { token: kim.token }))).toEqual([]);
    expect((await json(t.call('GET', `/api/v1/statuses/${status.id}`, { token: kim.token }))).bookmarked).toBe(false);
    expect((await t.call('GET', '/api/v1/bookmarks')).status).toBe(401);

    const unreblogged = await json(t.call('POST', `/api/v1/statuses/${status.id}/unreblog`, { token: lou.token }));
    expect(unreblogged).toMatchObject({ id: status.id, reblogged: false, reblogs_count: 0 });
    const unfav = await json(t.call('POST', `/api/v1/statuses/${status.id}/unfavourite`, { token: lou.token }));
    expect(unfav).toMatchObject({ favourited: false, favourites_count: 0 });
    expect(
      (await json(t.call('POST', `/api/v1/statuses/${status.id}/unbookmark`, { token: lou.token }))).bookmarked,
    ).toBe(false);
  });
});

describe('timelines and paging', () => {
  it('home pages with max_id/min_id and Link headers; public works anonymously; tags', async () => {
    const max = await user('max');
    const nel = await user('nel');
    await json(t.call('POST', `/api/v1/accounts/${nel.id}/follow`, { token: max.token }));
    const ids: string[] = [];
    for (const text of ['un #Brie', 'deux', 'trois', 'quatre', 'cinq'])
      ids.push((await json(post(nel, { status: text }))).id);
    const newestFirst = [...ids].reverse();

    const first = await t.call('GET', '/api/v1/timelines/home?limit=2', { token: max.token });
    expect((await json(first)).map((s: any) => s.id)).toEqual(newestFirst.slice(0, 2));
    const { next, prev } = links(first);
    expect(next.searchParams.get('max_id')).toBe(newestFirst[1]);
    expect(next.searchParams.get('limit')).toBe('2');
    expect(prev.searchParams.get('min_id')).toBe(newestFirst[0]);
    const second = await t.call('GET', pathOf(next), { token: max.token });
    expect((await json(second)).map((s: any) => s.id)).toEqual(newestFirst.slice(2, 4));
    // min_id: the page just after a cursor, still newest first.
    const newer = await json(t.call('GET', `/api/v1/timelines/home?limit=2&min_id=${ids[0]}`, { token: max.token }));
    expect(newer.map((s: any) => s.id)).toEqual([ids[2], ids[1]]);
    const since = await json(t.call('GET', `/api/v1/timelines/home?since_id=${ids[3]}`, { token: max.token }));
    expect(since.map((s: any) => s.id)).toEqual([ids[4]]);

    const bad = await t.call('GET', '/api/v1/timelines/home?max_id=12', { token: max.token });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toMatch(/max_id/);
    expect((await t.call('GET', '/api/v1/timelines/home')).status).toBe(401);

    const pub = await t.call('GET', '/api/v1/timelines/public?local=true&limit=40');
    expect((await json(pub)).map((s: any) => s.id)).toEqual(expect.arrayContaining(ids));
    expect(pub.headers.get('link')).toContain('rel="next"');
    expect(await json(t.call('GET', '/api/v1/timelines/public?remote=true'))).toEqual([]);
    expect(await json(t.call('GET', '/api/v1/timelines/public?only_media=true'))).toEqual([]);
    expect((await json(t.call('GET', '/api/v1/timelines/tag/brie'))).map((s: any) => s.id)).toEqual([ids[0]]);
    expect((await json(t.call('GET', '/api/v1/timelines/tag/BRIE'))).map((s: any) => s.id)).toEqual([ids[0]]);
  });

  it('home hides muted accounts; private posts reach followers only', async () => {
    const ola = await user('ola');
    const pia = await user('pia');
    const quy = await user('quy');
    for (const target of [pia, quy])
      await json(t.call('POST', `/api/v1/accounts/${target.id}/follow`, { token: ola.token }));
    const visible = await json(post(pia, { status: 'Pour mes abonnés', visibility: 'private' }));
    await json(post(quy, { status: 'Bientôt masqué' }));
    const relationship = await json(t.call('POST', `/api/v1/accounts/${quy.id}/mute`, { token: ola.token }));
    expect(relationship).toMatchObject({ id: quy.id, muting: true, muting_notifications: true, following: true });
    const home = await json(t.call('GET', '/api/v1/timelines/home', { token: ola.token }));
    expect(home.map((s: any) => s.id)).toEqual([visible.id]);
    expect((await t.call('GET', `/api/v1/statuses/${visible.id}`)).status).toBe(404);
    expect(
      (await json(t.call('GET', `/api/v1/accounts/${pia.id}/statuses`, { token: ola.token }))).map((s: any) => s.id),
    ).toEqual([visible.id]);
    expect(await json(t.call('GET', `/api/v1/accounts/${pia.id}/statuses`))).toEqual([]);
    expect((await json(t.call('GET', '/api/v1/mutes', { token: ola.token }))).map((a: any) => a.id)).toEqual([quy.id]);
  });
});

describe('accounts: statuses, graph, relationships', () => {
  it('lists an account’s posts with filters, its followers and followings, and relationships', async () => {
    const rae = await user('rae');
    const sam = await user('sam');
    const tom = await user('tom');
    const root = await json(post(rae, { status: 'racine #Tomme' }));
    await json(post(sam, { status: 'réponse', in_reply_to_id: root.id }));
    const samRoot = await json(post(sam, { status: 'le mien' }));
    await json(t.call('POST', `/api/v1/statuses/${root.id}/reblog`, { token: sam.token }));

    const all = await json(t.call('GET', `/api/v1/accounts/${sam.id}/statuses`));
    expect(all).toHaveLength(3);
    expect(
      (await json(t.call('GET', `/api/v1/accounts/${sam.id}/statuses?exclude_replies=true&exclude_reblogs=true`))).map(
        (s: any) => s.id,
      ),
    ).toEqual([samRoot.id]);
    expect(await json(t.call('GET', `/api/v1/accounts/${sam.id}/statuses?pinned=true`))).toEqual([]);
    expect(
      (await json(t.call('GET', `/api/v1/accounts/${rae.id}/statuses?tagged=tomme`))).map((s: any) => s.id),
    ).toEqual([root.id]);
    expect((await t.call('GET', '/api/v1/accounts/00000000-0000-7000-8000-000000000000/statuses')).status).toBe(404);

    for (const follower of [sam, tom]) {
      const rel = await json(t.call('POST', `/api/v1/accounts/${rae.id}/follow`, { token: follower.token }));
      expect(rel).toMatchObject({ id: rae.id, following: true, followed_by: false, blocking: false });
    }
    const firstPage = await t.call('GET', `/api/v1/accounts/${rae.id}/followers?limit=1`);
    expect((await json(firstPage)).map((a: any) => a.id)).toEqual([tom.id]);
    const next = links(firstPage).next;
    expect((await json(t.call('GET', pathOf(next)))).map((a: any) => a.id)).toEqual([sam.id]);
    expect((await json(t.call('GET', `/api/v1/accounts/${sam.id}/following`))).map((a: any) => a.id)).toEqual([rae.id]);

    const rels = await json(
      t.call('GET', `/api/v1/accounts/relationships?id[]=${sam.id}&id[]=${tom.id}&id[]=garbage`, { token: rae.token }),
    );
    expect(rels).toEqual([
      expect.objectContaining({ id: sam.id, following: false, followed_by: true }),
      expect.objectContaining({ id: tom.id, following: false, followed_by: true }),
    ]);
    expect(await json(t.call('POST', `/api/v1/accounts/${rae.id}/unfollow`, { token: tom.token }))).toMatchObject({
      following: false,
    });
    expect(await json(t.call('POST', `/api/v1/accounts/${tom.id}/block`, { token: rae.token }))).toMatchObject({
      blocking: true,
    });
    expect((await json(t.call('GET', '/api/v1/blocks', { token: rae.token }))).map((a: any) => a.id)).toEqual([tom.id]);
    expect((await t.call('POST', `/api/v1/accounts/${rae.id}/follow`, { token: tom.token })).status).toBe(403);
    expect(await json(t.call('POST', `/api/v1/accounts/${tom.id}/unblock`, { token: rae.token }))).toMatchObject({
      blocking: false,
    });
    expect((await t.call('POST', `/api/v1/accounts/${rae.id}/follow`, { token: rae.token })).status).toBe(422);
  });
});
