import { signRequest } from '@fedify/fedify';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app';
import { startTestServer, type TestServer } from '../../../../test/support/server';
import { queryRows } from '../../../db/client';
import { uuidv7 } from '../../../db/ids';
import { appToken, signUpUser, type TestUser } from '../../social/api-test-support';
import { keyPairsOf } from '../keys';

// Windows of a day: the limit is reached by count, whatever the machine's speed (a 60 s window
// could end mid-test on a loaded machine, and the expected 429 would never come).
const DAY = 86_400;

const AP = { accept: 'application/activity+json' };
const activity = (n: number) => ({
  '@context': 'https://www.w3.org/ns/activitystreams',
  id: `https://flood.example/activities/${n}`,
  type: 'Like',
  actor: 'https://flood.example/users/x',
  object: 'https://flood.example/notes/1',
});
const deliver = (t: TestApp, n: number, headers: Record<string, string> = {}) =>
  t.call('POST', '/inbox', { body: activity(n), headers: { 'content-type': 'application/activity+json', ...headers } });
function statusCounts(responses: Response[]) {
  const counts: Record<number, number> = {};
  for (const r of responses) counts[r.status] = (counts[r.status] ?? 0) + 1;
  return counts;
}

describe('inbox: rate limit per origin, suspended servers dropped', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ rateLimits: { inbox: [5, DAY] } });
    await queryRows(t.ctx.db, sql`insert into domain_blocks (domain, severity) values ('flood.example', 'suspend')`);
  });
  afterAll(() => t.close());

  it('a flood from one server: 5 taken (202, dropped unread: it is suspended), the rest 429', async () => {
    const signature = 'keyId="https://FLOOD.example/users/x#main-key",algorithm="rsa-sha256",signature="AAAA"';
    const responses = await Promise.all(Array.from({ length: 20 }, (_, i) => deliver(t, i, { signature })));
    expect(statusCounts(responses)).toEqual({ 202: 5, 429: 15 });
    const limited = responses.find((r) => r.status === 429)!;
    expect((await limited.json()).error.code).toBe('rate_limited');
    // Nothing it sent was kept.
    const [kept] = await queryRows<{ n: number }>(
      t.ctx.db,
      sql`select count(*)::int as n from jobs where kind = 'federation.task'`,
    );
    expect(kept.n).toBe(0);
  });

  it('another origin has its own budget: unsigned deliveries count per client address', async () => {
    const responses = await Promise.all(Array.from({ length: 12 }, (_, i) => deliver(t, 100 + i)));
    const counts = statusCounts(responses);
    expect(counts[429]).toBe(7);
    expect(counts[202]).toBeUndefined();
    expect(Object.keys(counts).every((s) => Number(s) < 500)).toBe(true);
  });
});

describe('authorized fetch (secure mode)', () => {
  let on: TestApp;
  let off: TestApp;
  let onUser: TestUser;
  let offUser: TestUser;
  beforeAll(async () => {
    [on, off] = await Promise.all([createTestApp({ federationAuthorizedFetch: true }), createTestApp()]);
    onUser = await signUpUser(on, await appToken(on), 'secure_alice');
    offUser = await signUpUser(off, await appToken(off), 'open_alice');
  });
  afterAll(async () => {
    await on.close();
    await off.close();
  });

  it('when on: unsigned GETs of collections and notes are 401; the actor itself stays public', async () => {
    const name = onUser.username;
    expect((await on.call('GET', `/users/${name}/followers`, { headers: AP })).status).toBe(401);
    expect((await on.call('GET', `/users/${name}/outbox`, { headers: AP })).status).toBe(401);
    expect((await on.call('GET', `/users/${name}/statuses/${uuidv7()}`, { headers: AP })).status).toBe(401);
    expect((await on.call('GET', `/@${name}/${uuidv7()}`, { headers: AP })).status).toBe(401);
    expect((await on.call('GET', `/users/${name}`, { headers: AP })).status).toBe(200);
    expect((await on.call('GET', `/.well-known/webfinger?resource=acct:${name}@localhost:3000`)).status).toBe(200);
  });

  it('when off: the same collection answers unsigned (200)', async () => {
    expect((await off.call('GET', `/users/${offUser.username}/followers`, { headers: AP })).status).toBe(200);
  });
});

describe('authorized fetch with a signature', () => {
  let s: TestServer;
  let alice: TestUser;
  beforeAll(async () => {
    s = await startTestServer({ federationAllowPrivate: true, federationAuthorizedFetch: true });
    alice = await signUpUser(s, await appToken(s), 'signer_alice');
  });
  afterAll(() => s.stop());

  const signedGet = async (path: string) => {
    const [rsa] = await keyPairsOf(s.ctx.db, alice.id);
    const request = new Request(`${s.url}${path}`, { headers: AP });
    return fetch(await signRequest(request, rsa.privateKey, new URL(`${s.url}/users/${alice.username}#main-key`)));
  };

  it('a validly signed GET of a collection is answered (200); a suspended signer’s is 403', async () => {
    expect((await fetch(`${s.url}/users/${alice.username}/followers`, { headers: AP })).status).toBe(401);
    expect((await signedGet(`/users/${alice.username}/followers`)).status).toBe(200);
    const host = new URL(s.url).host;
    await queryRows(s.ctx.db, sql`insert into domain_blocks (domain, severity) values (${host}, 'suspend')`);
    expect((await signedGet(`/users/${alice.username}/followers`)).status).toBe(403);
  });
});
