import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app';
import { queryRows } from '../../../db/client';
import { grantPlatformRole } from '../../moderation';
import { streamMembership } from '../../social/membership';
import { appToken, json, links, pathOf, signUpUser, type TestUser } from '../../social/api-test-support';
import { deliverableDomain, isDomainSuspended, normaliseDomain } from './domains';
import { insertFollow, insertRemoteAccount, insertRemotePost } from './remote-test-support';

let t: TestApp;
let moderator: TestUser;
let alice: TestUser;
let bob: TestUser;
let n = 0;
const uniq = () => `${++n}${Math.random().toString(36).slice(2, 6)}`;

beforeAll(async () => {
  t = await createTestApp();
  const app = await appToken(t);
  moderator = await signUpUser(t, app, `claire_${uniq()}`);
  alice = await signUpUser(t, app, `alice_${uniq()}`);
  bob = await signUpUser(t, app, `bob_${uniq()}`);
  await grantPlatformRole(t.ctx.db, moderator.username);
});
afterAll(() => t.close());

const blockDomain = (who: TestUser | null, body: unknown) =>
  t.call('POST', '/api/v1/admin/domain_blocks', { token: who?.token, body });
const ids = (rows: { id: string }[]) => rows.map((r) => r.id);
const publicTimeline = (who?: TestUser) =>
  json<{ id: string }[]>(t.call('GET', '/api/v1/timelines/public?limit=40', { token: who?.token }));
const tagTimeline = (tag: string, who?: TestUser) =>
  json<{ id: string }[]>(t.call('GET', `/api/v1/timelines/tag/${tag}?limit=40`, { token: who?.token }));
const home = (who: TestUser) =>
  json<{ id: string }[]>(t.call('GET', '/api/v1/timelines/home?limit=40', { token: who.token }));
const search = async (q: string, who?: TestUser) =>
  ids(
    (
      await json<{ statuses: { id: string }[] }>(
        t.call('GET', `/api/v1/search?type=statuses&q=${encodeURIComponent(q)}`, { token: who?.token }),
      )
    ).statuses,
  );

/** A remote server with one account and one public post (with a hashtag and a word to search). */
async function remoteWorld() {
  const domain = `srv${uniq()}.example`;
  const word = `mot${uniq()}`;
  const tag = `tag${uniq()}`;
  const account = await insertRemoteAccount(t.ctx.db, 'zoe', domain);
  const post = await insertRemotePost(t.ctx.db, account.id, `${word} #${tag}`, { tags: [tag] });
  return { domain, word, tag, account, post };
}

describe('normaliseDomain', () => {
  it('lower-cases, drops the trailing dot, turns IDN into ASCII and keeps the port', () => {
    expect(normaliseDomain('EXAMPLE.com.')).toBe('example.com');
    expect(normaliseDomain('  Bücher.Example ')).toBe('xn--bcher-kva.example');
    expect(normaliseDomain('social.example:8443')).toBe('social.example:8443');
    expect(normaliseDomain('127.0.0.1:3001')).toBe('127.0.0.1:3001');
  });

  it('refuses what is not a server name (422 invalid_domain)', () => {
    for (const bad of ['', 'a b', 'https://x.example/', 'x.example/path', 'me@x.example', 'a..b', '-x.example', 42])
      expect(() => normaliseDomain(bad), String(bad)).toThrow(expect.objectContaining({ code: 'invalid_domain' }));
  });
});

describe('platform domain blocks API', () => {
  it('needs a signed-in platform moderator: 401, then 403 not_a_moderator', async () => {
    expect((await blockDomain(null, { domain: 'x.example' })).status).toBe(401);
    const res = await blockDomain(alice, { domain: 'x.example', severity: 'suspend' });
    expect(res.status).toBe(403);
    expect((await res.json()).error.code).toBe('not_a_moderator');
    expect((await t.call('GET', '/api/v1/admin/domain_blocks', { token: alice.token })).status).toBe(403);
    expect((await t.call('DELETE', '/api/v1/admin/domain_blocks/x.example', { token: bob.token })).status).toBe(403);
  });

  it('422 with a code for a bad domain, a bad severity, our own server', async () => {
    const code = async (body: unknown) => {
      const res = await blockDomain(moderator, body);
      expect(res.status).toBe(422);
      return (await res.json()).error.code;
    };
    expect(await code({ domain: 'not a domain' })).toBe('invalid_domain');
    expect(await code({})).toBe('invalid_domain');
    expect(await code({ domain: 'ok.example', severity: 'nuke' })).toBe('invalid_severity');
    expect(await code({ domain: new URL(t.ctx.config.publicUrl).host })).toBe('own_domain');
  });

  it('creates (201) a normalised block, changes it (200), lists, reads and lifts it', async () => {
    const name = `Shouty${uniq()}.Example.`;
    const domain = name.toLowerCase().replace(/\.$/, '');
    const made = await json(
      blockDomain(moderator, { domain: name, severity: 'silence', private_comment: 'spam' }),
      201,
    );
    expect(made).toMatchObject({ id: domain, domain, severity: 'silence', reason: 'spam', private_comment: 'spam' });
    const changed = await json(blockDomain(moderator, { domain, severity: 'suspend' }), 200);
    expect(changed).toMatchObject({ domain, severity: 'suspend', reason: 'spam', reject_media: true });
    const list = await json<{ domain: string }[]>(
      t.call('GET', '/api/v1/admin/domain_blocks', { token: moderator.token }),
    );
    expect(list.map((b) => b.domain)).toContain(domain);
    await json(t.call('GET', `/api/v1/admin/domain_blocks/${name}`, { token: moderator.token }));
    expect(await isDomainSuspended(t.ctx.db, `https://${domain}/users/x`)).toBe(true);
    expect(await deliverableDomain(t.ctx.db, domain)).toBe(false);
    await json(t.call('DELETE', `/api/v1/admin/domain_blocks/${domain}`, { token: moderator.token }));
    expect(await deliverableDomain(t.ctx.db, domain)).toBe(true);
    expect((await t.call('DELETE', `/api/v1/admin/domain_blocks/${domain}`, { token: moderator.token })).status).toBe(
      404,
    );
  });

  it('an IDN block is stored in ASCII', async () => {
    const made = await json(blockDomain(moderator, { domain: `Café${uniq()}.example`, severity: 'silence' }), 201);
    expect(made.domain).toMatch(/^xn--caf/);
  });
});

describe('effects of platform blocks', () => {
  it('silence: out of public timelines, hashtags and search, except for followers; kept in their home', async () => {
    const w = await remoteWorld();
    await insertFollow(t.ctx.db, bob.id, w.account.id);
    expect(ids(await publicTimeline())).toContain(w.post);
    await json(blockDomain(moderator, { domain: w.domain, severity: 'silence' }), 201);
    expect(ids(await publicTimeline())).not.toContain(w.post);
    expect(ids(await publicTimeline(alice))).not.toContain(w.post);
    expect(ids(await tagTimeline(w.tag))).not.toContain(w.post);
    expect(await search(w.word)).not.toContain(w.post);
    expect(await search(w.word, alice)).not.toContain(w.post);
    // A follower still sees it everywhere.
    expect(ids(await publicTimeline(bob))).toContain(w.post);
    expect(ids(await tagTimeline(w.tag, bob))).toContain(w.post);
    expect(await search(w.word, bob)).toContain(w.post);
    expect(ids(await home(bob))).toContain(w.post);
    // Opened directly, a silenced post is still there.
    expect((await t.call('GET', `/api/v1/statuses/${w.post}`)).status).toBe(200);
  });

  it('silence: public and hashtag streams leave the post out, except for a follower', async () => {
    const w = await remoteWorld();
    await insertFollow(t.ctx.db, bob.id, w.account.id);
    await json(blockDomain(moderator, { domain: w.domain, severity: 'silence' }), 201);
    const event = {
      type: 'status' as const,
      statusId: w.post,
      accountId: w.account.id,
      visibility: 'public',
      tags: [w.tag],
      mentions: [],
    };
    const member = (viewerId: string | null, target: { kind: 'public' } | { kind: 'tag'; tag: string }) =>
      streamMembership(t.ctx, viewerId, target)(event);
    expect(await member(null, { kind: 'public' })).toBeNull();
    expect(await member(alice.id, { kind: 'tag', tag: w.tag })).toBeNull();
    expect(await member(bob.id, { kind: 'public' })).not.toBeNull();
    expect(await member(bob.id, { kind: 'tag', tag: w.tag })).not.toBeNull();
  });

  it('suspend: hidden from everyone, followers included, and back once lifted', async () => {
    const w = await remoteWorld();
    await insertFollow(t.ctx.db, bob.id, w.account.id);
    await json(blockDomain(moderator, { domain: w.domain.toUpperCase(), severity: 'suspend' }), 201);
    expect(ids(await publicTimeline(bob))).not.toContain(w.post);
    expect(ids(await home(bob))).not.toContain(w.post);
    expect(ids(await tagTimeline(w.tag, bob))).not.toContain(w.post);
    expect(await search(w.word, bob)).not.toContain(w.post);
    expect((await t.call('GET', `/api/v1/statuses/${w.post}`, { token: bob.token })).status).toBe(404);
    await json(t.call('DELETE', `/api/v1/admin/domain_blocks/${w.domain}`, { token: moderator.token }));
    expect(ids(await home(bob))).toContain(w.post);
    expect(ids(await publicTimeline())).toContain(w.post);
  });

  it('our own posts are untouched by any block', async () => {
    const mine = await json<{ id: string }>(
      t.call('POST', '/api/v1/statuses', { token: alice.token, body: { status: 'local et tranquille' } }),
    );
    const w = await remoteWorld();
    await json(blockDomain(moderator, { domain: w.domain, severity: 'suspend' }), 201);
    expect(ids(await publicTimeline())).toContain(mine.id);
  });
});

describe("a person's own domain blocks (Mastodon's /api/v1/domain_blocks)", () => {
  it('401 without a token, 422 for a bad domain', async () => {
    expect((await t.call('GET', '/api/v1/domain_blocks')).status).toBe(401);
    const res = await t.call('POST', '/api/v1/domain_blocks', { token: alice.token, body: { domain: 'no way' } });
    expect(res.status).toBe(422);
    expect((await res.json()).error_code).toBe('invalid_domain');
  });

  it('hides the server’s posts and notifications from that person only, and removes follows both ways', async () => {
    const carol = await signUpUser(t, await appToken(t), `carol_${uniq()}`);
    const w = await remoteWorld();
    await insertFollow(t.ctx.db, carol.id, w.account.id);
    await insertFollow(t.ctx.db, w.account.id, carol.id);
    await queryRows(
      t.ctx.db,
      sql`insert into notifications (id, account_id, from_account_id, type)
          values (gen_random_uuid(), ${carol.id}, ${w.account.id}, 'follow')`,
    );
    const notified = () =>
      json<{ account: { id: string } }[]>(t.call('GET', '/api/v1/notifications', { token: carol.token }));
    expect((await notified()).map((x) => x.account.id)).toContain(w.account.id);
    expect(ids(await home(carol))).toContain(w.post);

    await json(
      t.call('POST', '/api/v1/domain_blocks', { token: carol.token, body: { domain: `${w.domain.toUpperCase()}.` } }),
    );
    expect(await json(t.call('GET', '/api/v1/domain_blocks', { token: carol.token }))).toEqual([w.domain]);
    expect(ids(await home(carol))).not.toContain(w.post);
    expect(ids(await publicTimeline(carol))).not.toContain(w.post);
    expect(await search(w.word, carol)).not.toContain(w.post);
    expect((await t.call('GET', `/api/v1/statuses/${w.post}`, { token: carol.token })).status).toBe(404);
    expect((await notified()).map((x) => x.account.id)).not.toContain(w.account.id);
    const follows = await queryRows<{ n: number }>(
      t.ctx.db,
      sql`select count(*)::int as n from follows where (follower_id = ${carol.id} and followee_id = ${w.account.id})
          or (follower_id = ${w.account.id} and followee_id = ${carol.id})`,
    );
    expect(follows[0].n).toBe(0);
    // Others still see it.
    expect(ids(await publicTimeline(alice))).toContain(w.post);

    await json(t.call('DELETE', `/api/v1/domain_blocks?domain=${w.domain}`, { token: carol.token }));
    expect(await json(t.call('GET', '/api/v1/domain_blocks', { token: carol.token }))).toEqual([]);
    expect(ids(await publicTimeline(carol))).toContain(w.post);
  });

  it('lists newest first, paged by the Link header', async () => {
    const dave = await signUpUser(t, await appToken(t), `dave_${uniq()}`);
    for (const d of ['one.example', 'two.example', 'three.example'])
      await json(t.call('POST', '/api/v1/domain_blocks', { token: dave.token, body: { domain: d } }));
    const first = await t.call('GET', '/api/v1/domain_blocks?limit=2', { token: dave.token });
    expect(await first.clone().json()).toEqual(['three.example', 'two.example']);
    const next = links(first).next;
    expect(next).toBeDefined();
    expect(await json(t.call('GET', pathOf(next), { token: dave.token }))).toEqual(['one.example']);
    // Unblocking through the body works too (Mastodon clients send either).
    await json(t.call('DELETE', '/api/v1/domain_blocks', { token: dave.token, body: { domain: 'two.example' } }));
    expect(await json(t.call('GET', '/api/v1/domain_blocks', { token: dave.token }))).toEqual([
      'three.example',
      'one.example',
    ]);
  });
});
