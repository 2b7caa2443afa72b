import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { address, buyer, shopWithProduct } from '../../test/support/commerce';
import { createTestApp, type TestApp } from '../../test/support/app';
import { enqueue, runDueJobs } from '../jobs/queue';
import { appToken, registerApp, signUpPerson } from '../modules/accounts/api-testing';
import { placeOrder } from '../modules/commerce';
import { freePort } from '../../test/support/pg-server';
import { createHttpApp } from './app';
import { startMetricsServer } from './metrics';
import { routeModules } from './routes';

const TOKEN = 'scrape-me-7f3a9c1e5b2d4f6a8c0e';

/** The value of one sample line (`name{labels} value`), or undefined when the line is absent. */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  const line = text
    .split('\n')
    .find((l) => l.startsWith(`${name}{`) && wanted.every((w) => l.slice(0, l.indexOf('}')).includes(w)));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

describe('GET /metrics', () => {
  let t: TestApp;
  const scrape = async (token = TOKEN) => {
    const res = await t.call('GET', '/metrics', { token });
    expect(res.status).toBe(200);
    return res.text();
  };
  beforeAll(async () => {
    t = await createTestApp({ metricsToken: TOKEN });
  });
  afterAll(() => t.close());

  it('is not served without a token, nor with a wrong one, nor at all when no token is set', async () => {
    const bare = await t.app.request('/metrics');
    expect(bare.status).toBe(401);
    expect(bare.headers.get('www-authenticate')).toContain('Bearer');
    expect((await t.call('GET', '/metrics', { token: `${TOKEN}x` })).status).toBe(401);
    // An OAuth token of a person opens nothing either.
    const person = await signUpPerson(t, await appToken(t, await registerApp(t)));
    expect((await t.call('GET', '/metrics', { token: person.token })).status).toBe(401);

    const unexposed = createHttpApp({ ...t.ctx, config: { ...t.ctx.config, metricsToken: undefined } }, routeModules);
    expect((await unexposed.request('/metrics')).status).toBe(404);
  });

  it('counts requests by route pattern, checkouts by outcome, jobs, the queue and the database', async () => {
    const person = await signUpPerson(t, await appToken(t, await registerApp(t)));
    const posted = await t.call('POST', '/api/v1/statuses', { token: person.token, body: { status: 'Bonjour' } });
    const { id } = (await posted.json()) as { id: string };
    for (let i = 0; i < 3; i++) expect((await t.call('GET', `/api/v1/statuses/${id}`)).status).toBe(200);
    expect((await t.call('GET', '/api/v1/statuses/00000000-0000-7000-8000-000000000000')).status).toBe(404);

    const shop = await shopWithProduct(t, { stock: 1 });
    const [first, second] = [await buyer(t), await buyer(t)];
    const request = (methodId: string) => ({
      lines: [{ variantId: shop.variantId, quantity: 1 }],
      paymentMethodId: methodId,
      shippingAddress: address,
    });
    expect((await placeOrder(t.ctx, first.account.id, request(first.methodId))).status).toBe('paid');
    await expect(placeOrder(t.ctx, second.account.id, request(second.methodId))).rejects.toMatchObject({
      code: 'out_of_stock',
    });

    // One job run (done), and one left due for the backlog gauge.
    await enqueue(t.ctx.db, 'watches.hourly', {});
    await runDueJobs(t.ctx.database, { 'watches.hourly': async () => {} }, 100, { kinds: ['watches.hourly'] });
    await enqueue(t.ctx.db, 'watches.hourly', {}, new Date(Date.now() - 60_000));

    const text = await scrape();
    const route = '/api/v1/statuses/:id';
    const requests = (status: string) =>
      sample(text, 'comptoir_http_request_duration_seconds_count', { route, method: 'GET', status });
    expect(requests('200')).toBeGreaterThanOrEqual(3);
    expect(requests('404')).toBeGreaterThanOrEqual(1);
    // The pattern, never the URL: no series names the status's id.
    expect(text).not.toContain(id);
    expect(sample(text, 'comptoir_checkouts_total', { outcome: 'paid' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'comptoir_checkouts_total', { outcome: 'out_of_stock' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'comptoir_jobs_total', { kind: 'watches.hourly', outcome: 'done' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'comptoir_job_duration_seconds_count', { kind: 'watches.hourly' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'comptoir_jobs_due', { kind: 'watches.hourly' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'comptoir_jobs_lag_seconds', { kind: 'watches.hourly' })).toBeGreaterThanOrEqual(59);
    const driver = t.ctx.database.kind;
    expect(sample(text, 'comptoir_db_query_duration_seconds_count', { driver })).toBeGreaterThan(0);
    expect(sample(text, 'comptoir_db_pool_clients', { driver, state: 'total' })).toBeGreaterThanOrEqual(1);
    // Node's own, with the event loop's lag among them.
    expect(text).toContain('comptoir_nodejs_eventloop_lag_seconds');
    expect(text).toContain('# TYPE comptoir_live_connections gauge');
  });

  it('serves /metrics without a token on its own listener (COMPTOIR_METRICS_ADDRESS), and nothing else there', async () => {
    const port = await freePort();
    const config = { ...t.ctx.config, metricsToken: undefined, metricsAddress: { host: '127.0.0.1', port } };
    const listener = await startMetricsServer({ ...t.ctx, config });
    try {
      const res = await fetch(`http://127.0.0.1:${port}/metrics`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/plain');
      expect(await res.text()).toContain('# TYPE comptoir_http_request_duration_seconds histogram');
      expect((await fetch(`http://127.0.0.1:${port}/api/v1/instance`)).status).toBe(404);
    } finally {
      listener?.close();
    }
  });

  it('counts the live streams open', async () => {
    const before = sample(await scrape(), 'comptoir_live_connections', { transport: 'sse' }) ?? 0;
    const controller = new AbortController();
    const res = await t.app.request('/api/v1/streaming/public', { signal: controller.signal });
    const reader = res.body!.getReader();
    await reader.read(); // the stream says hello once it is subscribed
    expect(sample(await scrape(), 'comptoir_live_connections', { transport: 'sse' })).toBe(before + 1);
    controller.abort();
    await reader.cancel().catch(() => {});
    await expect
      .poll(async () => sample(await scrape(), 'comptoir_live_connections', { transport: 'sse' }))
      .toBe(before);
  });
});
