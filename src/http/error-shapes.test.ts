/**
 * Which error shape answers: the Mastodon sub-app's routes, and any unknown path under /api/v1/
 * and /api/v2/, answer `{"error": "..."}`; our own routes `{"error": {"code", "message"}}`,
 * including for errors raised by the shared middleware before the route runs. A NUL character
 * anywhere in a request is a 400 naming the field, never a 5xx.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/support/app';
import { hmac } from '../lib/crypto';
import { appToken, json, signUpUser, type TestUser } from '../modules/social/api-test-support';

let t: TestApp;
let ava: TestUser;
beforeAll(async () => {
  t = await createTestApp();
  ava = await signUpUser(t, await appToken(t), 'ava');
});
afterAll(() => t.close());

const mastodonShaped = { error: expect.any(String) };
const ourShaped = { error: { code: expect.any(String), message: expect.any(String) } };

describe('error shapes by family', () => {
  it('answers unknown /api/v1 and /api/v2 paths in Mastodon’s shape, whatever the prefix', async () => {
    for (const path of [
      '/api/v1/nothing',
      '/api/v2/nothing',
      '/api/v1/brands/x/nothing',
      '/api/v1/moderation/nothing',
    ]) {
      const res = await t.call('GET', path);
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual({ error: 'Record not found' });
    }
    expect(await json(t.call('DELETE', '/api/v1/instance'), 404)).toEqual({ error: 'Record not found' });
  });

  it('keeps our shape on our routes under /api/v1, and Mastodon’s on Mastodon routes', async () => {
    const ours = await json(
      t.call('GET', '/api/v1/orders/00000000-0000-7000-8000-000000000000', { token: ava.token }),
      404,
    );
    expect(ours).toMatchObject(ourShaped);
    const mastodon = await json(t.call('GET', '/api/v1/statuses/00000000-0000-7000-8000-000000000000'), 404);
    expect(mastodon).toMatchObject(mastodonShaped);
    expect(typeof mastodon.error).toBe('string');
  });

  it('answers a bad token in the shape of the route it was sent to', async () => {
    const headers = { authorization: 'Bearer nope' };
    const mastodon = await json(t.app.request('/api/v1/timelines/home', { headers }), 401);
    expect(mastodon).toMatchObject({ error: expect.any(String), error_code: 'invalid_token' });
    expect(await json(t.app.request('/api/v1/nothing', { headers }), 401)).toMatchObject({
      error_code: 'invalid_token',
    });
    expect(await json(t.app.request('/api/v1/cart', { headers }), 401)).toMatchObject({
      error: { code: 'invalid_token' },
    });
  });

  it('answers the OAuth token endpoint in RFC 6749’s shape', async () => {
    const res = await json(t.call('POST', '/oauth/token', { body: { grant_type: 'password' } }), 401);
    expect(res.error).toBe('invalid_client');
    expect(typeof res.error_description).toBe('string');
  });
});

describe('NUL characters', () => {
  const nul = '\u0000';
  it('refuses them in the four endpoints that crashed, naming the field, in Mastodon’s shape', async () => {
    const lookup = await json(t.call('GET', '/api/v1/accounts/lookup?acct=ava%00'), 400);
    expect(lookup).toMatchObject({
      error: expect.stringContaining('acct'),
      error_code: 'invalid_param',
      details: { field: 'acct' },
    });
    const search = await json(t.call('GET', '/api/v1/accounts/search?q=%00', { token: ava.token }), 400);
    expect(search).toMatchObject({ error_code: 'invalid_param', details: { field: 'q' } });
    const tag = await json(t.call('GET', '/api/v1/timelines/tag/caf%00e'), 400);
    expect(tag).toMatchObject({ error_code: 'invalid_param', details: { field: 'path' } });
    const post = await json(
      t.call('POST', '/api/v1/statuses', { token: ava.token, body: { status: `a${nul}b` } }),
      400,
    );
    expect(post).toMatchObject({ error_code: 'invalid_param', details: { field: 'status' } });
  });

  it('names nested fields and keys, in forms and JSON alike', async () => {
    const poll = { status: 'Sondage', poll: { options: ['oui', `n${nul}on`], expires_in: 3600 } };
    const json400 = await json(t.call('POST', '/api/v1/statuses', { token: ava.token, body: poll }), 400);
    expect(json400.details).toEqual({ field: 'poll[options][1]' });
    const form = new FormData();
    form.set('status', 'ok');
    form.set(`spoiler_text`, `x${nul}`);
    const formRes = await json(t.call('POST', '/api/v1/statuses', { token: ava.token, body: form }), 400);
    expect(formRes.details).toEqual({ field: 'spoiler_text' });
  });

  it('answers our routes in our shape, and a page form with a 400 page', async () => {
    const ours = await json(t.call('GET', '/api/v1/search?q=%00', { token: ava.token }), 400);
    expect(ours).toMatchObject({ error: { code: 'invalid_param', details: { field: 'q' } } });
    const csrf = { cookie: 'comptoir_csrf=seed', 'x-csrf-token': hmac(t.ctx.secret, 'seed') };
    const page = await t.app.request('/login', {
      method: 'POST',
      headers: { ...csrf, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
      body: `email=a%00b&password=x`,
    });
    expect(page.status).toBe(400);
    expect(page.headers.get('content-type')).toContain('text/html');
  });
});
