// Discovery across two real instances on loopback: WebFinger and actor lookups, Mastodon's search
// with resolve, lookup, remote profile pages, peers and NodeInfo.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../../test/support/app';
import { handleOn, startTwoInstances } from '../../../test/support/federation';
import type { TestServer } from '../../../test/support/server';
import { browserSession } from '../accounts/api-testing';
import { appToken, json, signUpUser, type TestUser } from '../social/api-test-support';
import { resolveHandle } from './resolve';

let one: TestServer;
let two: TestServer;
let ana: TestUser;
let bob: TestUser;
let bobHandle: string;

const HOSTILE = '<script>alert(1)</script>';

beforeAll(async () => {
  [one, two] = await startTwoInstances();
  ana = await signUpUser(one, await appToken(one), 'ana');
  bob = await signUpUser(two, await appToken(two), 'bob');
  await json(
    two.call('PATCH', '/api/v1/accounts/update_credentials', {
      token: bob.token,
      body: {
        display_name: `Bob ${HOSTILE}`,
        note: `Bonjour <img src=x onerror=alert(2)>`,
        fields_attributes: [{ name: `<b>x</b>`, value: `<iframe src="javascript:alert(3)">` }],
      },
    }),
  );
  bobHandle = handleOn(two, 'bob');
});
afterAll(async () => {
  await Promise.all([one?.stop(), two?.stop()]);
});

describe('resolveHandle', () => {
  it('finds a remote account by WebFinger over loopback and stores it once', async () => {
    const found = await resolveHandle(one.ctx, `@${bobHandle}`);
    expect(found).toMatchObject({ username: bobHandle, domain: new URL(two.url).host });
    expect(await resolveHandle(one.ctx, bobHandle)).toEqual(found);
    // By its actor URL and by its profile page too: the same account.
    expect((await resolveHandle(one.ctx, `${two.url}/users/bob`)).id).toBe(found.id);
    expect((await resolveHandle(one.ctx, `${two.url}/@bob`)).id).toBe(found.id);
    // Our own handle names our own account.
    expect(await resolveHandle(one.ctx, handleOn(one, 'ana'))).toMatchObject({ id: ana.id, domain: null });
  });

  it('refuses bad handles with a code, and answers 404 for nobody', async () => {
    await expect(resolveHandle(one.ctx, 'nobody')).rejects.toMatchObject({ code: 'invalid_handle' });
    await expect(resolveHandle(one.ctx, '@a@b@c')).rejects.toMatchObject({ code: 'invalid_handle' });
    await expect(resolveHandle(one.ctx, 'ftp://x.example/u')).rejects.toMatchObject({ code: 'invalid_handle' });
    await expect(resolveHandle(one.ctx, handleOn(two, 'nobody'))).rejects.toMatchObject({
      kind: 'not_found',
      code: 'remote_account_not_found',
    });
  });

  it('refuses private addresses unless the operator allowed them', async () => {
    const closed = await createTestApp({ federation: true, federationAllowPrivate: false });
    try {
      await expect(resolveHandle(closed.ctx, bobHandle)).rejects.toMatchObject({ code: 'private_address' });
      await expect(resolveHandle(closed.ctx, `${two.url}/users/bob`)).rejects.toMatchObject({
        code: 'private_address',
      });
      await expect(resolveHandle(closed.ctx, 'bob@localhost')).rejects.toMatchObject({ code: 'private_address' });
      await expect(resolveHandle(closed.ctx, 'http://social.example/users/bob')).rejects.toMatchObject({
        code: 'insecure_url',
      });
    } finally {
      await closed.close();
    }
  });
});

describe('Mastodon search and lookup', () => {
  it('answers the remote account with resolve=true for a signed-in caller', async () => {
    const q = encodeURIComponent(`@${handleOn(two, 'bob')}`);
    const found = await json(one.call('GET', `/api/v2/search?q=${q}&resolve=true`, { token: ana.token }));
    expect(found.accounts[0]).toMatchObject({
      username: 'bob',
      acct: bobHandle,
      uri: `${two.url}/users/bob`,
      url: `${two.url}/@bob`,
    });
    // Remote markup never comes through: text only.
    expect(found.accounts[0].display_name).toBe('Bob alert(1)');
    // Remote text is escaped HTML in the entity, never markup of its own.
    expect(found.accounts[0].note).not.toContain('<img');
    expect(JSON.stringify(found.accounts[0].fields)).not.toContain('<iframe');
  });

  it('without resolve (or signed out) only known remote accounts match', async () => {
    const known = await json(one.call('GET', `/api/v2/search?q=${encodeURIComponent(`@${bobHandle}`)}`));
    expect(known.accounts.map((a: { acct: string }) => a.acct)).toContain(bobHandle);
    const unknown = handleOn(two, 'cy');
    await signUpUser(two, await appToken(two), 'cy');
    const signedOut = await json(
      one.call('GET', `/api/v2/search?q=${encodeURIComponent(`@${unknown}`)}&resolve=true&type=accounts`),
    );
    expect(signedOut.accounts.map((a: { acct: string }) => a.acct)).not.toContain(unknown);
    const notResolving = await json(
      one.call('GET', `/api/v2/search?q=${encodeURIComponent(`@${unknown}`)}&type=accounts`, { token: ana.token }),
    );
    expect(notResolving.accounts.map((a: { acct: string }) => a.acct)).not.toContain(unknown);
  });

  it('a server that answers nothing gives no account, not an error', async () => {
    const q = encodeURIComponent('@ghost@127.0.0.1:1');
    const res = await json(one.call('GET', `/api/v2/search?q=${q}&resolve=true`, { token: ana.token }));
    expect(res.accounts).toEqual([]);
  });

  it('lookup finds known remote accounts by acct', async () => {
    const found = await json(one.call('GET', `/api/v1/accounts/lookup?acct=${encodeURIComponent(bobHandle)}`));
    expect(found).toMatchObject({ username: 'bob', acct: bobHandle });
    await json(one.call('GET', `/api/v1/accounts/lookup?acct=${encodeURIComponent(handleOn(two, 'zed'))}`), 404);
    // Our own accounts: by name or name@our.host, as before.
    expect(await json(one.call('GET', '/api/v1/accounts/lookup?acct=ana'))).toMatchObject({ acct: 'ana' });
    const ours = encodeURIComponent(handleOn(one, 'ana'));
    expect(await json(one.call('GET', `/api/v1/accounts/lookup?acct=${ours}`))).toMatchObject({ id: ana.id });
  });

  it('a pasted profile URL answers its account alone', async () => {
    const q = encodeURIComponent(`${two.url}/@bob`);
    const found = await json(one.call('GET', `/api/v2/search?q=${q}&resolve=true`, { token: ana.token }));
    expect(found).toMatchObject({ accounts: [{ acct: bobHandle }], statuses: [], hashtags: [] });
  });
});

describe('remote profile pages', () => {
  it('shows the remote account escaped, with a link to its server and a follow button', async () => {
    const session = await browserSession(one, ana.id);
    const res = await one.app.request(`/@${bobHandle}`, { headers: { cookie: session.cookie } });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<h1 id="profile-name">Bob alert(1) </h1>');
    expect(html).not.toContain(HOSTILE);
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('<iframe');
    expect(html).toContain(`href="${two.url}/@bob"`);
    expect(html).toContain(`action="/@${bobHandle}/follow"`);
    // No remote image is hotlinked: the default avatar.
    expect(html).not.toContain(`src="${two.url}`);
    // Its feeds are its server's: none offered here.
    expect(html).not.toContain('.rss"');
  });

  it('an unknown remote handle is fetched for a signed-in visitor, else 404', async () => {
    await signUpUser(two, await appToken(two), 'dee');
    const dee = handleOn(two, 'dee');
    expect((await one.app.request(`/@${dee}`)).status).toBe(404);
    const session = await browserSession(one, ana.id);
    expect((await one.app.request(`/@${dee}`, { headers: { cookie: session.cookie } })).status).toBe(200);
  });
});

describe('instance description', () => {
  it('peers list known servers; stats count our own accounts only', async () => {
    await resolveHandle(one.ctx, bobHandle);
    expect(await json(one.call('GET', '/api/v1/instance/peers'))).toContain(new URL(two.url).host);
    const v1 = await json(one.call('GET', '/api/v1/instance'));
    expect(v1.stats.user_count).toBe(1);
    const node = await json(one.call('GET', '/nodeinfo/2.1'));
    expect(node).toMatchObject({ version: '2.1', protocols: ['activitypub'], usage: { users: { total: 1 } } });
  });

  it('NodeInfo links 2.0 and 2.1; no protocol when federation is off', async () => {
    const discovery = await json(one.call('GET', '/.well-known/nodeinfo'));
    expect(discovery.links).toEqual([
      { rel: 'http://nodeinfo.diaspora.software/ns/schema/2.0', href: `${one.url}/nodeinfo/2.0` },
      { rel: 'http://nodeinfo.diaspora.software/ns/schema/2.1', href: `${one.url}/nodeinfo/2.1` },
    ]);
    const res = await one.call('GET', '/nodeinfo/2.1');
    expect(res.headers.get('content-type')).toContain('nodeinfo.diaspora.software/ns/schema/2.1');
    const off = await createTestApp({ federation: false });
    try {
      expect(await json(off.call('GET', '/nodeinfo/2.1'))).toMatchObject({ version: '2.1', protocols: [] });
      expect(await json(off.call('GET', '/nodeinfo/2.0'))).toMatchObject({ version: '2.0', protocols: [] });
    } finally {
      await off.close();
    }
  });
});
