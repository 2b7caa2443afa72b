import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app';
import { appToken, browserSession, postForm, registerApp, signUpPerson, type TestClient } from './api-testing';

let t: TestApp;
let client: TestClient;

beforeAll(async () => {
  t = await createTestApp();
  client = await registerApp(t, { redirectUris: ['https://client.example/callback', 'urn:ietf:wg:oauth:2.0:oob'] });
});
afterAll(() => t.close());

const json = async (res: Response) => (await res.json()) as Record<string, any>;

describe('POST /api/v1/apps', () => {
  it('answers a Mastodon Application entity with credentials', async () => {
    const res = await t.call('POST', '/api/v1/apps', {
      body: {
        client_name: 'Ivory',
        redirect_uris: 'https://ivory.example/cb',
        scopes: 'read write',
        website: 'https://ivory.example',
      },
    });
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body).toMatchObject({
      name: 'Ivory',
      website: 'https://ivory.example',
      redirect_uri: 'https://ivory.example/cb',
      redirect_uris: ['https://ivory.example/cb'],
      scopes: ['read', 'write'],
      vapid_key: null,
    });
    expect(typeof body.id).toBe('string');
    expect(body.client_id).toMatch(/^[\w-]{20,}$/);
    expect(body.client_secret).toMatch(/^[\w-]{30,}$/);
  });

  it('accepts forms with redirect_uris[] and answers the default scope', async () => {
    const form = new URLSearchParams([
      ['client_name', 'Form app'],
      ['redirect_uris[]', 'https://a.example/cb'],
      ['redirect_uris[]', 'urn:ietf:wg:oauth:2.0:oob'],
    ]);
    const res = await t.app.request('/api/v1/apps', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
    });
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body.redirect_uris).toEqual(['https://a.example/cb', 'urn:ietf:wg:oauth:2.0:oob']);
    expect(body.redirect_uri).toBe('https://a.example/cb\nurn:ietf:wg:oauth:2.0:oob');
    expect(body.scopes).toEqual(['read']);
  });

  it('refuses bad input with 4xx and a Mastodon error', async () => {
    const missing = await t.call('POST', '/api/v1/apps', { body: { redirect_uris: 'https://x.example' } });
    expect(missing.status).toBe(422);
    expect(await json(missing)).toMatchObject({ error: expect.any(String), error_code: 'invalid_client_name' });
    const badUri = await t.call('POST', '/api/v1/apps', { body: { client_name: 'x', redirect_uris: 'not a uri' } });
    expect(badUri.status).toBe(422);
    const badScope = await t.call('POST', '/api/v1/apps', {
      body: { client_name: 'x', redirect_uris: 'https://x.example', scopes: 'read admin:everything' },
    });
    expect(badScope.status).toBe(400);
    const scriptSite = await t.call('POST', '/api/v1/apps', {
      body: { client_name: 'x', redirect_uris: 'https://x.example', website: 'javascript:alert(1)' },
    });
    expect(scriptSite.status).toBe(422);
    expect((await json(scriptSite)).error_code).toBe('invalid_website');
    const longName = await t.call('POST', '/api/v1/apps', {
      body: { client_name: 'x'.repeat(101), redirect_uris: 'https://x.example' },
    });
    expect(longName.status).toBe(422);
    const malformed = await t.app.request('/api/v1/apps', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"client_name": ',
    });
    expect(malformed.status).toBe(400);
    expect(await json(malformed)).toMatchObject({ error_code: 'invalid_json' });
    const wrongType = await t.call('POST', '/api/v1/apps', {
      body: { client_name: { a: 1 }, redirect_uris: 'https://x.example' },
    });
    expect(wrongType.status).toBe(422);
  });
});

describe('client credentials, sign-up and verify_credentials', () => {
  it('runs the whole Mastodon sign-up dance', async () => {
    const tokenRes = await t.call('POST', '/oauth/token', {
      body: {
        grant_type: 'client_credentials',
        client_id: client.client_id,
        client_secret: client.client_secret,
        scope: 'read write',
      },
    });
    expect(tokenRes.status).toBe(200);
    expect(tokenRes.headers.get('cache-control')).toBe('no-store');
    const token = await json(tokenRes);
    expect(token).toEqual({
      access_token: expect.any(String),
      token_type: 'Bearer',
      scope: 'read write',
      created_at: expect.any(Number),
    });
    expect(Math.abs(token.created_at - Date.now() / 1000)).toBeLessThan(60);

    const appInfo = await t.call('GET', '/api/v1/apps/verify_credentials', { token: token.access_token });
    expect(appInfo.status).toBe(200);
    const info = await json(appInfo);
    expect(info).toMatchObject({ name: 'Test client', scopes: ['read', 'write', 'follow', 'push'] });
    expect(info.client_secret).toBeUndefined();

    // An app token is not a person.
    expect((await t.call('GET', '/api/v1/accounts/verify_credentials', { token: token.access_token })).status).toBe(
      401,
    );

    const signUp = await t.call('POST', '/api/v1/accounts', {
      token: token.access_token,
      body: {
        username: 'margaux',
        email: 'margaux@example.com',
        password: 'correct horse battery',
        agreement: true,
        locale: 'fr-FR',
      },
    });
    expect(signUp.status).toBe(200);
    const userToken = await json(signUp);
    // A person's token comes with a refresh token (see api-oauth-refresh.test.ts).
    expect(userToken).toEqual({
      access_token: expect.any(String),
      token_type: 'Bearer',
      scope: 'read write',
      created_at: expect.any(Number),
      refresh_token: expect.any(String),
    });

    const me = await t.call('GET', '/api/v1/accounts/verify_credentials', { token: userToken.access_token });
    expect(me.status).toBe(200);
    const account = await json(me);
    expect(account).toMatchObject({
      username: 'margaux',
      acct: 'margaux',
      display_name: 'margaux',
      locked: false,
      bot: false,
      kind: 'person',
      locale: 'fr',
      source: { note: '', privacy: 'public' },
    });
    expect(account.url).toBe('http://localhost:3000/@margaux');

    // The user token also names its app.
    expect(
      await json(await t.call('GET', '/api/v1/apps/verify_credentials', { token: userToken.access_token })),
    ).toMatchObject({ name: 'Test client' });
  });

  it('needs an app token with write to sign up', async () => {
    const body = {
      username: 'nobody',
      email: 'nobody@example.com',
      password: 'correct horse battery',
      agreement: true,
    };
    const anonymous = await t.call('POST', '/api/v1/accounts', { body });
    expect(anonymous.status).toBe(401);
    expect(await json(anonymous)).toMatchObject({ error: expect.any(String) });
    const readOnly = await appToken(t, client, 'read');
    expect((await t.call('POST', '/api/v1/accounts', { token: readOnly, body })).status).toBe(403);
    const bogus = await t.call('POST', '/api/v1/accounts', { token: 'not-a-token', body });
    expect(bogus.status).toBe(401);
  });

  it('reports sign-up problems as Mastodon 422 validation errors', async () => {
    const token = await appToken(t, client);
    await signUpPerson(t, token, 'taken_name');
    const dupUser = await t.call('POST', '/api/v1/accounts', {
      token,
      body: { username: 'Taken_Name', email: 'other@example.com', password: 'correct horse battery', agreement: true },
    });
    expect(dupUser.status).toBe(422);
    const dupUserBody = await json(dupUser);
    expect(dupUserBody).toMatchObject({
      error: expect.stringContaining('Validation failed'),
      error_code: 'username_taken',
      details: { username: [{ error: 'ERR_TAKEN' }] },
    });

    const dupEmail = await t.call('POST', '/api/v1/accounts', {
      token,
      body: {
        username: 'fresh_one',
        email: 'TAKEN_NAME@example.com',
        password: 'correct horse battery',
        agreement: true,
      },
    });
    expect(dupEmail.status).toBe(422);
    expect(await json(dupEmail)).toMatchObject({
      error_code: 'email_taken',
      details: { email: [{ error: 'ERR_TAKEN' }] },
    });

    const noAgreement = await t.call('POST', '/api/v1/accounts', {
      token,
      body: { username: 'fresh_two', email: 'two@example.com', password: 'correct horse battery', agreement: false },
    });
    expect(noAgreement.status).toBe(422);
    expect(await json(noAgreement)).toMatchObject({ details: { agreement: [{ error: 'ERR_ACCEPTED' }] } });

    const blank = await t.call('POST', '/api/v1/accounts', { token, body: { agreement: true } });
    expect(blank.status).toBe(422);
    expect(Object.keys((await json(blank)).details).sort()).toEqual(['email', 'password', 'username']);

    const short = await t.call('POST', '/api/v1/accounts', {
      token,
      body: { username: 'fresh_three', email: 'three@example.com', password: 'short', agreement: 'true' },
    });
    expect(short.status).toBe(422);
    expect(await json(short)).toMatchObject({
      error_code: 'password_too_short',
      details: { password: [{ error: 'ERR_TOO_SHORT' }] },
    });

    const badName = await t.call('POST', '/api/v1/accounts', {
      token,
      body: { username: 'no spaces!', email: 'four@example.com', password: 'correct horse battery', agreement: true },
    });
    expect(badName.status).toBe(422);

    const wrongType = await t.call('POST', '/api/v1/accounts', {
      token,
      body: { username: ['a'], email: 'five@example.com', password: 'correct horse battery', agreement: true },
    });
    expect(wrongType.status).toBe(400);
  });
});

describe('POST /oauth/token', () => {
  it('answers RFC 6749 errors', async () => {
    const noGrant = await t.call('POST', '/oauth/token', {
      body: { client_id: client.client_id, client_secret: client.client_secret },
    });
    expect(noGrant.status).toBe(400);
    expect(await json(noGrant)).toMatchObject({ error: 'invalid_request', error_description: expect.any(String) });
    const unknownGrant = await t.call('POST', '/oauth/token', {
      body: { grant_type: 'implicit', client_id: client.client_id, client_secret: client.client_secret },
    });
    expect(unknownGrant.status).toBe(400);
    expect((await json(unknownGrant)).error).toBe('unsupported_grant_type');
    const badSecret = await t.call('POST', '/oauth/token', {
      body: { grant_type: 'client_credentials', client_id: client.client_id, client_secret: 'nope' },
    });
    expect(badSecret.status).toBe(401);
    expect((await json(badSecret)).error).toBe('invalid_client');
    const badScope = await t.call('POST', '/oauth/token', {
      body: {
        grant_type: 'client_credentials',
        client_id: client.client_id,
        client_secret: client.client_secret,
        scope: 'admin:write',
      },
    });
    expect(badScope.status).toBe(400);
    expect((await json(badScope)).error).toBe('invalid_scope');
    const malformed = await t.app.request('/oauth/token', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{nope',
    });
    expect(malformed.status).toBe(400);
    expect((await json(malformed)).error).toBe('invalid_request');
    const badCode = await t.call('POST', '/oauth/token', {
      body: {
        grant_type: 'authorization_code',
        client_id: client.client_id,
        client_secret: client.client_secret,
        code: 'made-up',
        redirect_uri: 'https://client.example/callback',
      },
    });
    expect(badCode.status).toBe(400);
    expect((await json(badCode)).error).toBe('invalid_grant');
  });

  it('accepts forms and HTTP Basic client authentication', async () => {
    const res = await postForm(
      t,
      '/oauth/token',
      { grant_type: 'client_credentials', scope: 'read' },
      { authorization: `Basic ${Buffer.from(`${client.client_id}:${client.client_secret}`).toString('base64')}` },
    );
    expect(res.status).toBe(200);
    expect((await json(res)).scope).toBe('read');
  });

  it('grants password tokens (e-mail or username) and refuses wrong passwords', async () => {
    const person = await signUpPerson(t, await appToken(t, client), 'pw_user');
    const byEmail = await postForm(t, '/oauth/token', {
      grant_type: 'password',
      client_id: client.client_id,
      client_secret: client.client_secret,
      username: person.email,
      password: person.password,
      scope: 'read write',
    });
    expect(byEmail.status).toBe(200);
    const token = await json(byEmail);
    expect(token.scope).toBe('read write');
    const me = await json(await t.call('GET', '/api/v1/accounts/verify_credentials', { token: token.access_token }));
    expect(me.id).toBe(person.id);
    const wrong = await t.call('POST', '/oauth/token', {
      body: {
        grant_type: 'password',
        client_id: client.client_id,
        client_secret: client.client_secret,
        username: person.email,
        password: 'wrong password',
      },
    });
    expect(wrong.status).toBe(400);
    expect(await json(wrong)).toMatchObject({ error: 'invalid_grant', error_description: expect.any(String) });
  });
});

describe('authorization code with PKCE through the authorize page', () => {
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const authorizeQuery = (extra: Record<string, string> = {}) =>
    new URLSearchParams({
      response_type: 'code',
      client_id: client.client_id,
      redirect_uri: 'https://client.example/callback',
      scope: 'read write',
      state: 'xyz-123',
      code_challenge: challenge,
      code_challenge_method: 'S256',
      ...extra,
    });

  async function approve(cookie: string, csrf: string, extra: Record<string, string> = {}) {
    return postForm(
      t,
      '/oauth/authorize',
      { ...Object.fromEntries(authorizeQuery(extra)), decision: 'approve', _csrf: csrf },
      { cookie },
    );
  }

  it('sends visitors to the login page first', async () => {
    const res = await t.app.request(`/oauth/authorize?${authorizeQuery()}`);
    expect(res.status).toBe(302);
    const location = res.headers.get('location')!;
    expect(location.startsWith('/login?next=')).toBe(true);
    expect(decodeURIComponent(location.slice('/login?next='.length))).toBe(`/oauth/authorize?${authorizeQuery()}`);
  });

  it('asks, approves, exchanges the code once, and the token works until revoked', async () => {
    const person = await signUpPerson(t, await appToken(t, client), 'oauth_person');
    const { cookie, csrf } = await browserSession(t, person.id);

    const page = await t.app.request(`/oauth/authorize?${authorizeQuery()}&lang=en`, { headers: { cookie } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Test client');
    expect(html).toContain('@oauth_person');
    expect(html).toContain('name="code_challenge"');
    expect(html).toContain(`value="${csrf}"`);
    expect(html).toContain('Authorize');

    // The account's language (fr, chosen at sign-up) when no ?lang= is given.
    const french = await t.app.request(`/oauth/authorize?${authorizeQuery()}`, { headers: { cookie } });
    expect(await french.text()).toContain('Autoriser une application');

    // Without the CSRF token the form is refused.
    const forged = await postForm(
      t,
      '/oauth/authorize',
      { ...Object.fromEntries(authorizeQuery()), decision: 'approve' },
      { cookie },
    );
    expect(forged.status).toBe(403);

    const approved = await approve(cookie, csrf);
    expect(approved.status).toBe(302);
    const redirect = new URL(approved.headers.get('location')!);
    expect(redirect.origin + redirect.pathname).toBe('https://client.example/callback');
    expect(redirect.searchParams.get('state')).toBe('xyz-123');
    const code = redirect.searchParams.get('code')!;
    expect(code).toBeTruthy();

    const exchange = (body: Record<string, string>) =>
      t.call('POST', '/oauth/token', {
        body: {
          grant_type: 'authorization_code',
          client_id: client.client_id,
          client_secret: client.client_secret,
          redirect_uri: 'https://client.example/callback',
          ...body,
        },
      });

    const tokenRes = await exchange({ code, code_verifier: verifier });
    expect(tokenRes.status).toBe(200);
    const token = await json(tokenRes);
    expect(token).toMatchObject({ token_type: 'Bearer', scope: 'read write', refresh_token: expect.any(String) });

    const reused = await exchange({ code, code_verifier: verifier });
    expect(reused.status).toBe(400);
    expect((await json(reused)).error).toBe('invalid_grant');

    const me = await t.call('GET', '/api/v1/accounts/verify_credentials', { token: token.access_token });
    expect((await json(me)).username).toBe('oauth_person');

    // A wrong verifier burns the code; so does a missing one.
    const second = new URL((await approve(cookie, csrf)).headers.get('location')!).searchParams.get('code')!;
    const wrongVerifier = await exchange({ code: second, code_verifier: randomBytes(32).toString('base64url') });
    expect(wrongVerifier.status).toBe(400);
    expect((await json(wrongVerifier)).error).toBe('invalid_grant');
    const third = new URL((await approve(cookie, csrf)).headers.get('location')!).searchParams.get('code')!;
    expect((await exchange({ code: third })).status).toBe(400);

    const revoke = await t.call('POST', '/oauth/revoke', {
      body: { client_id: client.client_id, client_secret: client.client_secret, token: token.access_token },
    });
    expect(revoke.status).toBe(200);
    expect(await json(revoke)).toEqual({});
    const after = await t.call('GET', '/api/v1/accounts/verify_credentials', { token: token.access_token });
    expect(after.status).toBe(401);
  });

  it('redirects a denial with access_denied and shows out-of-band codes', async () => {
    const person = await signUpPerson(t, await appToken(t, client), 'oob_person');
    const { cookie, csrf } = await browserSession(t, person.id);
    const denied = await postForm(
      t,
      '/oauth/authorize',
      { ...Object.fromEntries(authorizeQuery()), decision: 'deny', _csrf: csrf },
      { cookie },
    );
    expect(denied.status).toBe(302);
    const location = new URL(denied.headers.get('location')!);
    expect(location.searchParams.get('error')).toBe('access_denied');
    expect(location.searchParams.get('state')).toBe('xyz-123');
    expect(location.searchParams.get('code')).toBeNull();

    const oob = await approve(cookie, csrf, {
      redirect_uri: 'urn:ietf:wg:oauth:2.0:oob',
      code_challenge: '',
      code_challenge_method: '',
    });
    expect(oob.status).toBe(200);
    const html = await oob.text();
    const code = /id="oauth-code"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*id="oauth-code"/.exec(html);
    const value = code?.[1] ?? code?.[2];
    expect(value).toBeTruthy();
    const token = await t.call('POST', '/oauth/token', {
      body: {
        grant_type: 'authorization_code',
        client_id: client.client_id,
        client_secret: client.client_secret,
        redirect_uri: 'urn:ietf:wg:oauth:2.0:oob',
        code: value,
      },
    });
    expect(token.status).toBe(200);
  });

  it('refuses invalid requests on the page', async () => {
    const person = await signUpPerson(t, await appToken(t, client), 'bad_request_person');
    const { cookie } = await browserSession(t, person.id);
    const cases: Record<string, string>[] = [
      { client_id: 'unknown' },
      { redirect_uri: 'https://evil.example/cb' },
      { scope: 'admin' },
      { code_challenge_method: 'plain' },
      { response_type: 'token' },
    ];
    for (const extra of cases) {
      const res = await t.app.request(`/oauth/authorize?${authorizeQuery(extra)}`, {
        headers: { cookie, accept: 'text/html' },
      });
      expect(res.status, JSON.stringify(extra)).toBe(400);
      expect(res.headers.get('content-type')).toContain('text/html');
    }
  });
});

describe('bearer tokens of concurrent requests', () => {
  it('resolved together, each request still gets its own account, and a revoked or unknown token its 401', async () => {
    const people = await Promise.all(
      ['batch_ana', 'batch_ben', 'batch_chloe'].map(async (name) => signUpPerson(t, await appToken(t, client), name)),
    );
    const gone = await signUpPerson(t, await appToken(t, client), 'batch_gone');
    await t.call('POST', '/oauth/revoke', {
      body: { client_id: client.client_id, client_secret: client.client_secret, token: gone.token },
    });
    const tokens = Array.from(
      { length: 40 },
      (_, i) => [...people.map((p) => p.token), gone.token, 'not-a-token', 'x'.repeat(300)][i % 6],
    );
    const answers = await Promise.all(
      tokens.map((token) => t.call('GET', '/api/v1/accounts/verify_credentials', { token })),
    );
    const seen = await Promise.all(
      answers.map(async (res) => (res.status === 200 ? ((await json(res)).username as string) : res.status)),
    );
    expect(seen).toEqual(tokens.map((_, i) => [...people.map((p) => p.username), 401, 401, 401][i % 6]));
  });
});
