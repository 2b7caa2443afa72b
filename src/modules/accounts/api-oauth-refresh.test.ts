import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app';
import { appToken, registerApp, signUpPerson, type TestClient } from './api-testing';

let t: TestApp;
let client: TestClient;
let other: TestClient;

beforeAll(async () => {
  t = await createTestApp();
  client = await registerApp(t);
  other = await registerApp(t);
});
afterAll(() => t.close());

const json = async (res: Response) => (await res.json()) as Record<string, any>;
const token = (body: Record<string, string>, app: TestClient = client) =>
  t.call('POST', '/oauth/token', { body: { client_id: app.client_id, client_secret: app.client_secret, ...body } });
const refresh = (refreshToken: string, extra: Record<string, string> = {}) =>
  token({ grant_type: 'refresh_token', refresh_token: refreshToken, ...extra });
const me = (accessToken: string) => t.call('GET', '/api/v1/accounts/verify_credentials', { token: accessToken });

async function passwordToken(username: string, scope?: string) {
  const person = await signUpPerson(t, await appToken(t, client), username);
  const credentials = { username: person.email, password: person.password };
  const res = await token({ grant_type: 'password', ...credentials, ...(scope ? { scope } : {}) });
  expect(res.status).toBe(200);
  return json(res);
}

describe('default scope', () => {
  it('is read for client_credentials and password tokens when none is asked', async () => {
    const app = await json(await token({ grant_type: 'client_credentials' }));
    expect(app.scope).toBe('read');
    expect(app.refresh_token).toBeUndefined();
    const user = await passwordToken('default_scope');
    expect(user.scope).toBe('read');
    expect(user.refresh_token).toEqual(expect.any(String));
    // read only: writing is refused.
    const post = await t.call('POST', '/api/v1/statuses', { token: user.access_token, body: { status: 'hello' } });
    expect(post.status).toBe(403);
  });
});

describe('grant_type=refresh_token', () => {
  it('rotates: a new pair works, the old pair stops, and a reused refresh token revokes the family', async () => {
    const first = await passwordToken('rotating', 'read write');
    const refreshed = await token({ grant_type: 'refresh_token', refresh_token: first.refresh_token });
    expect(refreshed.status).toBe(200);
    expect(refreshed.headers.get('cache-control')).toBe('no-store');
    const second = await json(refreshed);
    expect(second).toEqual({
      access_token: expect.any(String),
      token_type: 'Bearer',
      scope: 'read write',
      created_at: expect.any(Number),
      refresh_token: expect.any(String),
    });
    expect(second.access_token).not.toBe(first.access_token);
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect((await json(await me(second.access_token))).username).toBe('rotating');
    expect((await me(first.access_token)).status).toBe(401);

    const third = await json(await token({ grant_type: 'refresh_token', refresh_token: second.refresh_token }));
    expect((await me(third.access_token)).status).toBe(200);

    // The first refresh token comes back: someone copied it. Refused, and the live token dies too.
    const reused = await token({ grant_type: 'refresh_token', refresh_token: first.refresh_token });
    expect(reused.status).toBe(400);
    expect(await json(reused)).toMatchObject({ error: 'invalid_grant', error_description: expect.any(String) });
    expect((await me(third.access_token)).status).toBe(401);
    expect((await token({ grant_type: 'refresh_token', refresh_token: third.refresh_token })).status).toBe(400);
  });

  it('narrows scopes but never widens them', async () => {
    const first = await passwordToken('narrowing', 'read write');
    const narrowed = await json(await refresh(first.refresh_token, { scope: 'read' }));
    expect(narrowed.scope).toBe('read');
    const wider = await refresh(narrowed.refresh_token, { scope: 'read write' });
    expect(wider.status).toBe(400);
    expect((await json(wider)).error).toBe('invalid_scope');
    // A refused request does not burn the refresh token.
    const again = await json(await token({ grant_type: 'refresh_token', refresh_token: narrowed.refresh_token }));
    expect(again.scope).toBe('read');
  });

  it('is only for the app the token was issued to, authenticated', async () => {
    const first = await passwordToken('own_client');
    const otherApp = await token({ grant_type: 'refresh_token', refresh_token: first.refresh_token }, other);
    expect(otherApp.status).toBe(400);
    expect((await json(otherApp)).error).toBe('invalid_grant');
    const badSecret = await t.call('POST', '/oauth/token', {
      body: {
        grant_type: 'refresh_token',
        client_id: client.client_id,
        client_secret: 'x',
        refresh_token: first.refresh_token,
      },
    });
    expect(badSecret.status).toBe(401);
    expect((await json(badSecret)).error).toBe('invalid_client');
    const missing = await token({ grant_type: 'refresh_token' });
    expect(missing.status).toBe(400);
    expect((await json(missing)).error).toBe('invalid_request');
    const unknown = await token({ grant_type: 'refresh_token', refresh_token: 'made-up' });
    expect((await json(unknown)).error).toBe('invalid_grant');
    // None of that used the refresh token up.
    expect((await token({ grant_type: 'refresh_token', refresh_token: first.refresh_token })).status).toBe(200);
  });

  it('stops working when the pair is revoked, by either token', async () => {
    const byRefresh = await passwordToken('revoke_refresh');
    const revoke = (value: string) =>
      t.call('POST', '/oauth/revoke', {
        body: { client_id: client.client_id, client_secret: client.client_secret, token: value },
      });
    expect((await revoke(byRefresh.refresh_token)).status).toBe(200);
    expect((await me(byRefresh.access_token)).status).toBe(401);
    expect((await token({ grant_type: 'refresh_token', refresh_token: byRefresh.refresh_token })).status).toBe(400);

    const byAccess = await passwordToken('revoke_access');
    await revoke(byAccess.access_token);
    const refused = await token({ grant_type: 'refresh_token', refresh_token: byAccess.refresh_token });
    expect(await json(refused)).toMatchObject({ error: 'invalid_grant' });
  });
});
