import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Replica } from '../db/replica';
import { currentRequest } from '../lib/request-scope';
import { createTestApp, type TestApp } from '../../test/support/app';
import { person, type Person } from '../../test/support/catalog';
import { BrowserSession } from '../../test/support/browser-session';
import { RECENT_WRITE_COOKIE } from './read-your-writes';

/** A replica that is never asked anything: only its presence turns read-your-writes on. */
const standIn = (t: TestApp): Replica => ({
  reads: t.ctx.db,
  status: () => ({ healthy: true, lagSeconds: 0, reason: null, served: { replica: 0, primary: 0 } }),
  check: async () => standIn(t).status(),
  close: async () => {},
});

describe('read-your-writes beside a read replica', () => {
  let t: TestApp;
  let writer: Person;
  let reader: Person;
  beforeAll(async () => {
    t = await createTestApp();
    writer = await person(t, 'writer');
    reader = await person(t, 'reader');
    // What the request scope says, as the reads handle would see it.
    t.app.get('/__scope', (c) => c.json({ primaryReads: currentRequest()?.primaryReads }));
  });
  afterAll(() => t.close());

  const scope = async (headers: Record<string, string>) =>
    ((await (await t.app.request('/__scope', { headers })).json()) as { primaryReads: boolean }).primaryReads;

  it('sets nothing without a replica', async () => {
    const browser = new BrowserSession(t);
    await browser.actAs(writer.id);
    const res = await browser.post('/statuses', { text: 'no replica here' });
    expect(res.status).toBeLessThan(400);
    expect(res.headers.getSetCookie().some((c) => c.startsWith(`${RECENT_WRITE_COOKIE}=`))).toBe(false);
    expect(await scope({ authorization: `Bearer ${writer.token}` })).toBe(false);
  });

  it('sends a writer’s next reads to the primary: a cookie for browsers, memory for tokens', async () => {
    t.ctx.replica = standIn(t);
    try {
      const browser = new BrowserSession(t);
      await browser.actAs(writer.id);
      const res = await browser.post('/statuses', { text: 'with a replica' });
      expect(res.status).toBeLessThan(400);
      const cookie = res.headers.getSetCookie().find((c) => c.startsWith(`${RECENT_WRITE_COOKIE}=`));
      expect(cookie).toMatch(/Max-Age=5.*HttpOnly.*SameSite=Lax/i);
      expect(await scope({ cookie: browser.cookieHeader() })).toBe(true);

      expect(await scope({ authorization: `Bearer ${reader.token}` })).toBe(false);
      const posted = await t.call('POST', '/api/v1/statuses', { token: reader.token, body: { status: 'by token' } });
      expect(posted.status).toBe(200);
      expect(posted.headers.getSetCookie().some((c) => c.startsWith(`${RECENT_WRITE_COOKIE}=`))).toBe(false);
      expect(await scope({ authorization: `Bearer ${reader.token}` })).toBe(true);

      // A refused write changes nothing.
      const other = await person(t, 'other');
      const refused = await t.call('POST', '/api/v1/statuses', { token: other.token, body: { status: '' } });
      expect(refused.status).toBeGreaterThanOrEqual(400);
      expect(await scope({ authorization: `Bearer ${other.token}` })).toBe(false);
    } finally {
      t.ctx.replica = null;
    }
  });
});
