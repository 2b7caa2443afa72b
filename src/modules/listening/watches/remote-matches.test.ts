import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app';
import { queryRows } from '../../../db/client';
import { createBrand } from '../../accounts';
import { browserSession } from '../../accounts/api-testing';
import { insertRemoteAccount, insertRemotePost } from '../../federation/moderation/remote-test-support';
import { appToken, json, signUpUser, type TestUser } from '../../social/api-test-support';
import { negativeWindows } from './alerts';
import { matchStatuses } from './matcher';
import { shareOfVoice } from './stats';

let t: TestApp;
let owner: TestUser;
let local: TestUser;
let brand: { id: string; username: string };
let watchId: string;
let remotePost: string;
let localPost: string;
const host = 'mastodon.example';
const hostile = '<script>alert("x")</script><img src=x onerror=alert(1)>';

beforeAll(async () => {
  t = await createTestApp();
  const app = await appToken(t);
  owner = await signUpUser(t, app, 'remote_owner');
  local = await signUpUser(t, app, 'remote_local');
  const b = await createBrand({ db: t.ctx.db }, owner.id, { username: 'fromagerie_remote', displayName: 'Fromagerie' });
  brand = { id: b.id, username: b.username };
  const made = await json<{ id: string }>(
    t.call('POST', `/api/v1/brands/${brand.id}/watches`, {
      token: owner.token,
      body: { name: 'Comté', query: 'comté' },
    }),
    201,
  );
  watchId = made.id;
  const zoe = await insertRemoteAccount(t.ctx.db, 'zoe', host, hostile);
  const angry = 'Ce comté est horrible, immangeable, une honte, je suis déçue';
  remotePost = await insertRemotePost(t.ctx.db, zoe.id, angry);
  localPost = (
    await json<{ id: string }>(
      t.call('POST', '/api/v1/statuses', {
        token: local.token,
        body: { status: 'Le comté de la fromagerie, un délice' },
      }),
    )
  ).id;
  await matchStatuses({ db: t.ctx.db }, [remotePost, localPost]);
});
afterAll(() => t.close());

const matches = () =>
  json<any[]>(t.call('GET', `/api/v1/brands/${brand.id}/watches/${watchId}/matches`, { token: owner.token }));

describe('listening hears the fediverse', () => {
  it('a remote post matched by a watch is flagged remote with its instance in the API; ours is not', async () => {
    const list = await matches();
    const remote = list.find((m) => m.status_id === remotePost);
    const ours = list.find((m) => m.status_id === localPost);
    expect(remote).toMatchObject({ remote: true, instance: host, author: { display_name: hostile } });
    expect(ours).toMatchObject({ remote: false, instance: null });
  });

  it('the matches list shows a “fediverse · host” badge and escapes a hostile display name', async () => {
    const { cookie } = await browserSession(t, owner.id);
    const res = await t.app.request(`/brands/${brand.username}/watches/${watchId}`, {
      headers: { cookie, 'accept-language': 'en' },
    });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(`fédivers · ${host}`); // the owner signed up in French
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;script&gt;');
  });

  it('the RSS feed names the source instance', async () => {
    const watch = await json<{ rss_url: string }>(
      t.call('GET', `/api/v1/brands/${brand.id}/watches/${watchId}`, { token: owner.token }),
    );
    const url = new URL(watch.rss_url);
    const res = await t.app.request(`${url.pathname}${url.search}`);
    expect(res.status).toBe(200);
    const xml = await res.text();
    expect(xml).toContain(`fediverse:${host}`);
    expect(xml).not.toContain('<script>alert');
  });

  it('share of voice and crisis windows count remote matches', async () => {
    const share = await shareOfVoice(t.ctx.db, brand.id, 7);
    expect(share.find((s) => s.watch_id === watchId)?.count).toBe(2);
    const remote = (await matches()).find((m) => m.status_id === remotePost);
    expect(remote.sentiment.label).toBe('negative');
    expect((await negativeWindows(t.ctx.db, watchId)).current).toBeGreaterThanOrEqual(1);
  });
});

describe('a suspended server', () => {
  it('leaves the matches list while suspended, and comes back when lifted', async () => {
    await queryRows(t.ctx.db, sql`insert into domain_blocks (domain, severity) values (${host}, 'suspend')`);
    expect((await matches()).map((m) => m.status_id)).toEqual([localPost]);
    await queryRows(t.ctx.db, sql`delete from domain_blocks where domain = ${host}`);
    expect((await matches()).map((m) => m.status_id)).toContain(remotePost);
  });
});

describe('search: remote posts filter', () => {
  const found = async (query: string) =>
    (
      await json<{ statuses: { id: string }[] }>(t.call('GET', `/api/v1/search?type=statuses&q=comté${query}`))
    ).statuses.map((s) => s.id);

  it('includes remote posts by default, only them with remote=only, none with remote=exclude', async () => {
    expect(new Set(await found(''))).toEqual(new Set([remotePost, localPost]));
    expect(await found('&remote=only')).toEqual([remotePost]);
    expect(await found('&remote=exclude')).toEqual([localPost]);
    expect((await t.call('GET', '/api/v1/search?q=comté&remote=sometimes')).status).toBe(400);
  });

  it('the search page keeps the filter and applies it', async () => {
    const res = await t.app.request('/search?q=comt%C3%A9&type=statuses&remote=exclude', {
      headers: { 'accept-language': 'en' },
    });
    const html = await res.text();
    expect(html).toContain('<option value="exclude" selected="">Comptoir only</option>');
    expect(html).toContain(`/${localPost}`);
    expect(html).not.toContain(`/${remotePost}`);
  });
});
