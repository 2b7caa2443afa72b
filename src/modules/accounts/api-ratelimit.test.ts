import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app';
import { appToken, registerApp, type TestClient } from './api-testing';

// Windows of a day: the limit is reached by count, whatever the machine's speed (a 60 s window
// could end mid-test on a loaded machine, and the expected 429 would never come).
const DAY = 86_400;

let t: TestApp;
let client: TestClient;
let token: string;

beforeAll(async () => {
  t = await createTestApp({ rateLimits: { login: [3, DAY], signup: [2, DAY], post: [100, DAY] } });
  client = await registerApp(t);
  token = await appToken(t, client);
});
afterAll(() => t.close());

describe('rate limits', () => {
  it('the third sign-up within the window gets 429 with Retry-After', async () => {
    const signUp = (n: number) =>
      t.call('POST', '/api/v1/accounts', {
        token,
        body: {
          username: `limited${n}`,
          email: `limited${n}@example.com`,
          password: 'correct horse battery',
          agreement: true,
        },
      });
    expect((await signUp(1)).status).toBe(200);
    expect((await signUp(2)).status).toBe(200);
    const third = await signUp(3);
    expect(third.status).toBe(429);
    const retry = Number(third.headers.get('retry-after'));
    expect(retry).toBeGreaterThan(0);
    expect(retry).toBeLessThanOrEqual(DAY);
    expect(await third.json()).toMatchObject({ error: expect.any(String), error_code: 'rate_limited' });
    // Nothing was created by the refused attempt.
    expect((await t.call('GET', '/api/v1/accounts/lookup?acct=limited3')).status).toBe(404);
  });

  it('password grants are throttled like the login form', async () => {
    const attempt = () =>
      t.call('POST', '/oauth/token', {
        body: {
          grant_type: 'password',
          client_id: client.client_id,
          client_secret: client.client_secret,
          username: 'limited1@example.com',
          password: 'wrong password',
        },
      });
    for (let i = 0; i < 3; i++) expect((await attempt()).status).toBe(400);
    const limited = await attempt();
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await limited.json()).toMatchObject({ error: 'rate_limited', error_description: expect.any(String) });
  });
});
