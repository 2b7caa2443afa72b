import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/support/app';
import { BrowserSession } from '../../test/support/browser-session';
import { createHttpApp, type RouteModule } from '../http/app';
import { routeModules } from '../http/routes';
import { createLog, logUnhandled } from './log';

type Line = {
  level: number;
  msg: string;
  requestId?: string;
  route?: string;
  status?: number;
  err?: { message: string };
};

/** A log that keeps its lines, as pino writes them (JSON text). */
function capturedLog() {
  const text: string[] = [];
  const log = createLog('debug', { write: (line: string) => void text.push(line) });
  return { log, text, lines: () => text.map((l) => JSON.parse(l) as Line) };
}

const PASSWORD = 'correct horse battery';

describe('logs of requests', () => {
  let t: TestApp;
  const captured = capturedLog();
  let app: ReturnType<typeof createHttpApp>;
  // A route failing with a cause, as a bug or an outage would.
  const failing: RouteModule = (a) =>
    a.get('/log-test/failing', () => {
      throw new Error('the ledger did not answer', { cause: new Error('connection reset by peer') });
    });
  const call = (method: string, url: string, init: { token?: string; body?: unknown; cookie?: string } = {}) =>
    Promise.resolve(
      app.request(url, {
        method,
        headers: {
          ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
          ...(init.cookie ? { cookie: init.cookie } : {}),
          ...(init.body ? { 'content-type': 'application/json' } : {}),
        },
        body: init.body ? JSON.stringify(init.body) : undefined,
      }),
    );

  beforeAll(async () => {
    t = await createTestApp();
    const ctx = { ...t.ctx, log: captured.log };
    app = createHttpApp(ctx, { ...routeModules, ours: [...routeModules.ours, failing] }, logUnhandled(ctx.log));
  });
  afterAll(() => t.close());

  it('carry the request id, one access line per request, the error once with its cause, and no secret', async () => {
    const client = (await (
      await call('POST', '/api/v1/apps', {
        body: { client_name: 'Logs', redirect_uris: 'https://client.example/cb', scopes: 'read write' },
      })
    ).json()) as { client_id: string; client_secret: string };
    const appToken = (await (
      await call('POST', '/oauth/token', {
        body: { grant_type: 'client_credentials', ...client, scope: 'read write' },
      })
    ).json()) as { access_token: string };
    const signedUp = await call('POST', '/api/v1/accounts', {
      token: appToken.access_token,
      body: { username: 'logtest', email: 'logtest@example.com', password: PASSWORD, agreement: true, locale: 'fr' },
    });
    expect(signedUp.status).toBe(200);
    const granted = (await (
      await call('POST', '/oauth/token', {
        body: { grant_type: 'password', username: 'logtest@example.com', password: PASSWORD, ...client, scope: 'read' },
      })
    ).json()) as { access_token: string; refresh_token: string };
    expect(granted.access_token).toBeTruthy();
    const me = await call('GET', '/api/v1/accounts/verify_credentials', { token: granted.access_token });
    expect(me.status).toBe(200);
    // A token in the query string (as streaming clients send it) stays out of the access line.
    await call('GET', `/api/v1/timelines/public?access_token=${granted.access_token}`);
    expect((await call('GET', '/api/v1/timelines/home', { token: 'not-a-token-at-all-0123456789' })).status).toBe(401);
    const browser = new BrowserSession({ app, ctx: t.ctx });
    await browser.logIn('logtest', PASSWORD);
    const session = browser.cookies.get('comptoir_session');
    expect(session).toBeTruthy();
    expect((await browser.get('/home')).status).toBe(200);
    const failed = await call('GET', '/log-test/failing', { token: granted.access_token });
    expect(failed.status).toBe(500);

    const lines = captured.lines();
    const access = lines.filter((l) => l.msg === 'request');
    expect(access.length).toBeGreaterThanOrEqual(9);
    expect(access.every((l) => l.requestId && l.route && l.status)).toBe(true);
    expect(access.map((l) => l.route)).toContain('/api/v1/accounts/verify_credentials');
    const failedId = failed.headers.get('x-request-id')!;
    const errors = lines.filter((l) => l.level >= 50);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ msg: 'unhandled error', requestId: failedId });
    expect(errors[0].err?.message).toContain('connection reset by peer');
    expect(access.find((l) => l.requestId === failedId)).toMatchObject({ route: '/log-test/failing', status: 500 });

    const all = captured.text.join('');
    for (const secret of [PASSWORD, client.client_secret, appToken.access_token, granted.access_token]) {
      expect(all).not.toContain(secret);
    }
    expect(all).not.toContain(granted.refresh_token);
    expect(all).not.toContain(session);
    expect(all).not.toContain('not-a-token-at-all');
  });

  it('redacts secret fields whoever logs them', () => {
    const own = capturedLog();
    own.log.info(
      { password: PASSWORD, user: { access_token: 'abc123', email: 'a@b.c' }, headers: { authorization: 'Bearer x' } },
      'careless',
    );
    const [line] = own.text;
    expect(line).not.toContain(PASSWORD);
    expect(line).not.toContain('abc123');
    expect(line).not.toContain('Bearer x');
    expect(line).toContain('a@b.c');
  });
});
