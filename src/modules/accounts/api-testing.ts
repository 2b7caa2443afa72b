/**
 * Helpers for the accounts API tests: register an app, get tokens, sign people up, and sign a
 * browser in (session cookie plus the CSRF double-submit pair) without going through pages.
 */
import type { TestApp } from '../../../test/support/app';
import { CSRF_COOKIE, SESSION_COOKIE } from '../../http/middleware';
import { hmac, newToken } from '../../lib/crypto';
import { createSession } from './service';

export type TestClient = { id: string; client_id: string; client_secret: string; redirect_uri: string };

export async function registerApp(
  t: TestApp,
  options: { scopes?: string; redirectUris?: string | string[] } = {},
): Promise<TestClient> {
  const res = await t.call('POST', '/api/v1/apps', {
    body: {
      client_name: 'Test client',
      redirect_uris: options.redirectUris ?? 'https://client.example/callback',
      scopes: options.scopes ?? 'read write follow push',
      website: 'https://client.example',
    },
  });
  if (res.status !== 200) throw new Error(`app registration failed: ${res.status} ${await res.text()}`);
  return (await res.json()) as TestClient;
}

export async function appToken(t: TestApp, client: TestClient, scope?: string): Promise<string> {
  const res = await t.call('POST', '/oauth/token', {
    body: {
      grant_type: 'client_credentials',
      client_id: client.client_id,
      client_secret: client.client_secret,
      // Without a scope the token would get read only (as Mastodon): sign-ups need write.
      scope: scope ?? 'read write follow push',
    },
  });
  if (res.status !== 200) throw new Error(`client_credentials failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { access_token: string }).access_token;
}

let counter = 0;

/** Signs a person up through POST /api/v1/accounts; returns their token and account id. */
export async function signUpPerson(t: TestApp, token: string, username = `person${++counter}${Date.now() % 100000}`) {
  const res = await t.call('POST', '/api/v1/accounts', {
    token,
    body: {
      username,
      email: `${username}@example.com`,
      password: 'correct horse battery',
      agreement: true,
      locale: 'fr',
    },
  });
  if (res.status !== 200) throw new Error(`sign-up failed: ${res.status} ${await res.text()}`);
  const { access_token } = (await res.json()) as { access_token: string };
  const me = (await (await t.call('GET', '/api/v1/accounts/verify_credentials', { token: access_token })).json()) as {
    id: string;
    username: string;
  };
  return {
    token: access_token,
    id: me.id,
    username: me.username,
    email: `${username}@example.com`,
    password: 'correct horse battery',
  };
}

/** A signed-in browser: cookies and the matching CSRF token for forms. */
export async function browserSession(t: TestApp, accountId: string) {
  const session = await createSession({ db: t.ctx.db }, accountId);
  const seed = newToken(18);
  return { cookie: `${SESSION_COOKIE}=${session}; ${CSRF_COOKIE}=${seed}`, csrf: hmac(t.ctx.secret, seed) };
}

/** A url-encoded form request. */
export function postForm(
  t: TestApp,
  url: string,
  fields: Record<string, string>,
  headers: Record<string, string> = {},
) {
  return Promise.resolve(
    t.app.request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams(fields).toString(),
    }),
  );
}
