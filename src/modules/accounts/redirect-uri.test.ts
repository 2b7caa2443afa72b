import fc from 'fast-check';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app';
import { appToken, browserSession, postForm, registerApp, signUpPerson } from './api-testing';
import { isAllowedRedirectUri, OOB_REDIRECT } from './redirect-uri';
import { oauthApps } from './schema';

const label = fc.stringMatching(/^[a-z][a-z0-9-]{0,10}$/);
const path = fc.stringMatching(/^(\/[a-zA-Z0-9._~-]{0,12}){0,3}$/);
const query = fc.option(fc.stringMatching(/^[a-z]{1,5}=[a-z0-9]{0,5}$/), { nil: undefined });
const port = fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined });
const withQuery = (base: string, q?: string) => (q ? `${base}?${q}` : base);
const loopback = fc.constantFrom('127.0.0.1', '[::1]', 'localhost', 'LOCALHOST');
const publicHost = fc.tuple(label, label).map(([a, b]) => `${a}.${b}.example`);
const dangerous = fc.constantFrom(
  'javascript',
  'JavaScript',
  'data',
  'vbscript',
  'file',
  'blob',
  'about',
  'ftp',
  'ws',
  'mailto',
  'myapp',
);

describe('the redirect URI rule', () => {
  it('accepts https anywhere, loopback http on any port, reverse-domain schemes and the oob URN', () => {
    fc.assert(
      fc.property(publicHost, port, path, query, (host, p, rest, q) =>
        isAllowedRedirectUri(withQuery(`https://${host}${p ? `:${p}` : ''}${rest}`, q)),
      ),
    );
    fc.assert(
      fc.property(loopback, port, path, query, (host, p, rest, q) =>
        isAllowedRedirectUri(withQuery(`http://${host}${p ? `:${p}` : ''}${rest}`, q)),
      ),
    );
    fc.assert(
      fc.property(fc.array(label, { minLength: 2, maxLength: 4 }), path, (labels, rest) =>
        isAllowedRedirectUri(`${labels.join('.')}:${rest || '/'}`),
      ),
    );
    expect(isAllowedRedirectUri(OOB_REDIRECT)).toBe(true);
  });

  it('refuses script, data and file schemes, plain http to other hosts, fragments and credentials', () => {
    fc.assert(
      fc.property(dangerous, publicHost, path, (scheme, host, rest) => {
        expect(isAllowedRedirectUri(`${scheme}:alert(1)`)).toBe(false);
        expect(isAllowedRedirectUri(`${scheme}://${host}${rest}`)).toBe(false);
      }),
    );
    fc.assert(
      fc.property(publicHost, port, path, (host, p, rest) => {
        expect(isAllowedRedirectUri(`http://${host}${p ? `:${p}` : ''}${rest}`)).toBe(false);
      }),
    );
    fc.assert(
      fc.property(publicHost, path, fc.string({ maxLength: 10 }), (host, rest, fragment) => {
        expect(isAllowedRedirectUri(`https://${host}${rest}#${fragment}`)).toBe(false);
        expect(isAllowedRedirectUri(`com.example.app:${rest || '/'}#${fragment}`)).toBe(false);
      }),
    );
    for (const uri of [
      'data:text/html,<script>alert(1)</script>',
      ' javascript:alert(1)',
      'java\tscript:alert(1)',
      'javascript://example.com/%0aalert(1)',
      'http://127.0.0.1.evil.example/cb',
      'http://localhost.evil.example/cb',
      'https://user:pw@client.example/cb',
      'https:///cb',
      '/relative/cb',
      'not a uri',
      'com..example:/cb',
      'urn:ietf:wg:oauth:2.0:oob:auto',
      '',
    ]) {
      expect(isAllowedRedirectUri(uri), uri).toBe(false);
    }
  });
});

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('POST /api/v1/apps redirect URIs', () => {
  it('answers 422 invalid_redirect_uri in Mastodon shape for each refused address, even one among good ones', async () => {
    for (const redirect_uris of [
      'javascript:alert(document.cookie)',
      'data:text/html,hi',
      'http://client.example/cb',
      'https://client.example/cb#frag',
      'https://client.example/cb\njavascript:alert(1)',
      ['urn:ietf:wg:oauth:2.0:oob', 'vbscript:msgbox(1)'],
    ]) {
      const res = await t.call('POST', '/api/v1/apps', { body: { client_name: 'x', redirect_uris } });
      expect(res.status, String(redirect_uris)).toBe(422);
      const body = (await res.json()) as Record<string, unknown>;
      expect(body).toMatchObject({ error: expect.any(String), error_code: 'invalid_redirect_uri' });
    }
  });

  it('registers https, loopback http, native app schemes and oob together', async () => {
    const uris = ['https://client.example/cb', 'http://127.0.0.1:8080/cb', 'com.example.app:/oauth', OOB_REDIRECT];
    const res = await t.call('POST', '/api/v1/apps', { body: { client_name: 'ok', redirect_uris: uris.join(' ') } });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { redirect_uris: string[] }).redirect_uris).toEqual(uris);
  });
});

describe('authorizing an app registered before the rule', () => {
  it('shows an error page and never redirects to a refused address', async () => {
    const client = await registerApp(t, { redirectUris: 'https://legacy.example/cb' });
    await t.ctx.db
      .update(oauthApps)
      .set({ redirectUris: ['javascript:alert(document.cookie)'] })
      .where(eq(oauthApps.clientId, client.client_id));
    const person = await signUpPerson(t, await appToken(t, client), 'legacy_uri');
    const { cookie, csrf } = await browserSession(t, person.id);
    const fields = {
      response_type: 'code',
      client_id: client.client_id,
      redirect_uri: 'javascript:alert(document.cookie)',
      scope: 'read',
    };
    const page = await t.app.request(`/oauth/authorize?${new URLSearchParams(fields)}`, {
      headers: { cookie, accept: 'text/html' },
    });
    expect(page.status).toBe(400);
    expect(page.headers.get('content-type')).toContain('text/html');
    for (const decision of ['approve', 'deny']) {
      const res = await postForm(t, '/oauth/authorize', { ...fields, decision, _csrf: csrf }, { cookie });
      expect(res.status).toBe(400);
      expect(res.headers.get('location')).toBeNull();
    }
  });
});
