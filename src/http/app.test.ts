import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/support/app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ bodyMaxBytes: 1024, mediaMaxBytes: 4096 });
});
afterAll(() => t.close());

describe('the HTTP shell', () => {
  it('answers an oversized body with 413 and a stable code, never a 5xx', async () => {
    const res = await t.call('POST', '/api/v1/brands', { body: { username: 'x'.repeat(20_000) } });
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ error: { code: 'payload_too_large' } });
  });

  it('refuses a body by its declared Content-Length, and lets a small one through', async () => {
    const big = JSON.stringify({ username: 'x'.repeat(2_000) });
    const res = await t.app.request('/api/v1/brands', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': String(big.length) },
      body: big,
    });
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ error: { code: 'payload_too_large' } });
    const small = JSON.stringify({ username: 'x' });
    const ok = await t.app.request('/api/v1/brands', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': String(small.length) },
      body: small,
    });
    expect(ok.status).not.toBe(413);
    expect(ok.status).toBeLessThan(500);
  });

  it('answers malformed JSON with 400 on our routes and Mastodon’s shape on Mastodon routes', async () => {
    const ours = await t.app.request('/api/v1/brands', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"username":',
    });
    expect(ours.status).toBeGreaterThanOrEqual(400);
    expect(ours.status).toBeLessThan(500);
    const mastodon = await t.app.request('/api/v1/apps', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{nope',
    });
    expect(mastodon.status).toBe(400);
    expect(await mastodon.json()).toMatchObject({ error: expect.any(String), error_code: 'invalid_json' });
  });

  it('answers unknown routes with 404 in the right shape', async () => {
    // /api/v1/ and /api/v2/ are Mastodon's namespace: an unknown path there answers as Mastodon does.
    expect(await (await t.call('GET', '/api/v1/nothing-here')).json()).toEqual({ error: 'Record not found' });
    expect(await (await t.call('GET', '/api/v3/nothing-here')).json()).toEqual({
      error: { code: 'not_found', message: 'No such route' },
    });
    expect(await (await t.call('GET', '/api/v1/statuses/not-an-id')).json()).toMatchObject({
      error: expect.any(String),
    });
  });

  it('sends security headers on pages', async () => {
    const res = await t.app.request('/login', { headers: { accept: 'text/html' } });
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('sends a Permissions-Policy on every response: geolocation and camera for our own pages only, the rest off', async () => {
    const responses = await Promise.all([
      t.app.request('/login', { headers: { accept: 'text/html' } }),
      t.call('GET', '/api/v1/instance'),
      t.call('GET', '/api/v3/nothing-here'),
      t.app.request('/health'),
    ]);
    for (const res of responses) {
      const directives = new Map(
        (res.headers.get('permissions-policy') ?? '').split(/,\s*/).map((d) => d.split('=') as [string, string]),
      );
      expect(directives.get('geolocation'), res.url).toBe('(self)');
      expect(directives.get('camera')).toBe('(self)');
      for (const off of ['microphone', 'payment', 'usb', 'browsing-topics', 'interest-cohort']) {
        expect(directives.get(off), off).toBe('()');
      }
    }
  });

  it('answers health checks: /health without touching anything, /health/ready after asking the database', async () => {
    const live = await t.call('GET', '/health');
    expect(live.status).toBe(200);
    expect(await live.json()).toEqual({ status: 'ok' });
    const ready = await t.call('GET', '/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.headers.get('cache-control')).toBe('no-store');
    expect(await ready.json()).toEqual({ status: 'ok', database: 'ok' });
  });
});
