import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app';
import { queryRows } from '../../../db/client';
import { appToken, signUpUser } from '../../social/api-test-support';
import { fixtures } from './inbound-test-support';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp({ federation: true });
  await signUpUser(t, await appToken(t), 'camille');
});
afterAll(() => t.close());

const post = (path: string, body: string, headers: Record<string, string> = {}) =>
  t.app.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/activity+json', ...headers },
    body,
  });

async function nothingStored() {
  const [row] = await queryRows<{ statuses: number | string; remote: number | string; follows: number | string }>(
    t.ctx.db,
    sql`select (select count(*) from statuses where uri is not null) as statuses,
               (select count(*) from accounts where domain is not null) as remote,
               (select count(*) from follows) as follows`,
  );
  expect(row).toEqual({ statuses: expect.anything(), remote: expect.anything(), follows: expect.anything() });
  expect([Number(row?.statuses), Number(row?.remote), Number(row?.follows)]).toEqual([0, 0, 0]);
}

describe('inbox deliveries that must be refused', () => {
  const fx = () =>
    fixtures({
      LOCAL_ACTOR: 'http://localhost:3000/users/camille',
      LOCAL_PROFILE: 'http://localhost:3000/@camille',
      LOCAL_POST: 'http://localhost:3000/users/camille/statuses/00000000-0000-7000-8000-000000000000',
      OUR_FOLLOW: 'http://localhost:3000/users/camille#follows/1',
    });

  it('answers 401 to an unsigned Create or Follow, on the personal and the shared inbox, and stores nothing', async () => {
    for (const path of ['/users/camille/inbox', '/inbox']) {
      for (const activity of [fx()['create-note'], fx().follow]) {
        const res = await post(path, JSON.stringify(activity));
        expect(res.status).toBe(401);
      }
    }
    await nothingStored();
  });

  it('answers 401 to a delivery whose signature header is forged', async () => {
    const res = await post('/inbox', JSON.stringify(fx()['create-note']), {
      date: new Date().toUTCString(),
      signature:
        'keyId="https://mastodon.example/users/alice#main-key",algorithm="rsa-sha256",headers="(request-target) host date",signature="Zm9yZ2Vk"',
    });
    expect(res.status).toBe(401);
    await nothingStored();
  });

  it('refuses malformed, oversized and deeply nested bodies with a 4xx', async () => {
    const malformed = await post('/inbox', '{"type": "Create", "actor": ');
    expect(malformed.status).toBeGreaterThanOrEqual(400);
    expect(malformed.status).toBeLessThan(500);
    const huge = JSON.stringify({ ...fx()['create-note'], padding: 'x'.repeat(2 * 1024 * 1024) });
    const big = await post('/users/camille/inbox', huge);
    expect(big.status).toBe(413);
    // Built as text: 20,000 levels of objects (under the body limit), more than any parser should recurse into.
    const depth = 20_000;
    const deep = `{"@context":"https://www.w3.org/ns/activitystreams",${'"object":{"type":"Create",'.repeat(depth)}"id":"x"${'}'.repeat(depth)}}`;
    const nested = await post('/inbox', deep);
    expect(nested.status).toBeGreaterThanOrEqual(400);
    expect(nested.status).toBeLessThan(500);
    const notJson = await post('/inbox', 'not json at all');
    expect(notJson.status).toBeGreaterThanOrEqual(400);
    expect(notJson.status).toBeLessThan(500);
    await nothingStored();
  });

  it('answers 404 for the inbox of an account that does not exist', async () => {
    const res = await post('/users/nobody/inbox', JSON.stringify(fx().follow));
    expect([401, 404]).toContain(res.status);
    await nothingStored();
  });
});
