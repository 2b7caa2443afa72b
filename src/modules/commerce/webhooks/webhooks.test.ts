import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../../../test/support/app';
import { queryRows } from '../../../db/client';
import { placeOrder } from '../checkout';
import { handleOrderEvent } from '../notify';
import { shipOrder } from '../orders';
import { address, buyerWithCard, runJobs, shop } from '../../../../test/support/orders';
import {
  checkWebhookUrl,
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  deliverWebhook,
  deliveryIdFor,
  listDeliveries,
  listWebhookEndpoints,
  signWebhook,
  verifyWebhook,
} from './webhooks';

type Received = { headers: http.IncomingHttpHeaders; body: string };

/** A tiny receiver on 127.0.0.1: answers the statuses given in turn (then 200) and keeps what came. */
async function receiver(statuses: number[] = []) {
  const received: Received[] = [];
  const hang = { on: false };
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      if (hang.on) return; // never answer: the sender must give up on its own
      res.writeHead(statuses.shift() ?? 200, { 'content-type': 'text/plain' });
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/comptoir`,
    received,
    hang,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const deliveriesOf = (endpointId: string) =>
  queryRows<{
    id: string;
    event: string;
    status: string;
    attempts: number;
    last_status_code: number | null;
    last_error: string | null;
  }>(
    t.ctx.db,
    sql`select id, event, status, attempts, last_status_code, last_error from webhook_deliveries where endpoint_id = ${endpointId} order by id`,
  );
const makeDue = () =>
  queryRows(t.ctx.db, sql`update jobs set run_at = now() where kind = 'webhook.deliver' and done_at is null`);

describe('webhook endpoints', () => {
  it('accepts HTTPS to public hosts only (local http under the test runner)', () => {
    const strict = { webhooksAllowLocal: false };
    const env = { NODE_ENV: 'production' };
    expect(() => checkWebhookUrl('http://127.0.0.1:9999/x', strict, env)).toThrow(
      expect.objectContaining({ code: 'insecure_url' }),
    );
    expect(checkWebhookUrl('http://localhost:9999/x', strict, { NODE_ENV: 'test' })).toBe('http://localhost:9999/x');
    expect(checkWebhookUrl('https://shop.example.com/hooks', strict, env)).toBe('https://shop.example.com/hooks');
    expect(() => checkWebhookUrl('http://shop.example.com/hooks', strict, env)).toThrow(
      expect.objectContaining({ code: 'insecure_url' }),
    );
    expect(() => checkWebhookUrl('https://10.1.2.3/hooks', strict, env)).toThrow(
      expect.objectContaining({ code: 'private_url' }),
    );
    expect(() => checkWebhookUrl('https://[::1]/hooks', strict, env)).toThrow();
    expect(() => checkWebhookUrl('https://user:pw@shop.example.com/', strict, env)).toThrow(
      expect.objectContaining({ code: 'invalid_url' }),
    );
    expect(() => checkWebhookUrl('ftp://shop.example.com/', strict, env)).toThrow(
      expect.objectContaining({ code: 'insecure_url' }),
    );
    expect(() => checkWebhookUrl('not a url', strict, env)).toThrow(expect.objectContaining({ code: 'invalid_url' }));
    expect(checkWebhookUrl('http://127.0.0.1:9999/x', { webhooksAllowLocal: true }, env)).toBe(
      'http://127.0.0.1:9999/x',
    );
    expect(() => checkWebhookUrl('http://10.0.0.1/x', { webhooksAllowLocal: true }, env)).toThrow(
      expect.objectContaining({ code: 'insecure_url' }),
    );
  });

  it('shows the secret once, checks events, and keeps endpoints to the brand’s owner and admins', async () => {
    const s = await shop(t);
    const staff = await s.member('staff');
    const created = await createWebhookEndpoint(t.ctx, s.owner.id, s.brand.id, {
      url: 'https://erp.example.com/in',
      events: ['order.paid', 'order.shipped'],
    });
    expect(created.secret).toMatch(/^whsec_/);
    expect(created.endpoint.events).toEqual(['order.paid', 'order.shipped']);
    await expect(
      createWebhookEndpoint(t.ctx, s.owner.id, s.brand.id, {
        url: 'https://erp.example.com/in',
        events: ['order.exploded'],
      }),
    ).rejects.toMatchObject({ code: 'invalid_event' });
    await expect(
      createWebhookEndpoint(t.ctx, staff.id, s.brand.id, { url: 'https://erp.example.com/in' }),
    ).rejects.toMatchObject({ status: 403 });
    const other = await shop(t);
    await expect(listWebhookEndpoints(t.ctx, other.owner.id, s.brand.id)).rejects.toMatchObject({ status: 404 });
    await expect(deleteWebhookEndpoint(t.ctx, other.owner.id, s.brand.id, created.endpoint.id)).rejects.toMatchObject({
      status: 404,
    });
    const all = await createWebhookEndpoint(t.ctx, s.owner.id, s.brand.id, { url: 'https://erp.example.com/all' });
    expect(all.endpoint.events).toContain('order.refunded');
    await deleteWebhookEndpoint(t.ctx, s.owner.id, s.brand.id, created.endpoint.id);
    expect((await listWebhookEndpoints(t.ctx, s.owner.id, s.brand.id)).map((e) => e.id)).toEqual([all.endpoint.id]);
  });

  it('signs like Stripe: HMAC-SHA256 over "<t>.<body>", checked in constant time with a tolerance', () => {
    const body = '{"id":"x"}';
    const header = signWebhook('whsec_test', body, 1_700_000_000);
    expect(header).toMatch(/^t=1700000000,v1=[0-9a-f]{64}$/);
    expect(verifyWebhook('whsec_test', body, header, 300, 1_700_000_000_000)).toBe(true);
    expect(verifyWebhook('whsec_test', `${body} `, header, 300, 1_700_000_000_000)).toBe(false);
    expect(verifyWebhook('whsec_other', body, header, 300, 1_700_000_000_000)).toBe(false);
    expect(verifyWebhook('whsec_test', body, header, 300, 1_700_001_000_000)).toBe(false);
  });
});

describe('webhook deliveries', () => {
  it('delivers signed order events, retries after a 500, and records every attempt', async () => {
    const server = await receiver([500]);
    try {
      const s = await shop(t, { stock: 3 });
      const { endpoint, secret } = await createWebhookEndpoint(t.ctx, s.owner.id, s.brand.id, { url: server.url });
      const b = await buyerWithCard(t);
      const placed = await placeOrder(t.ctx, b.id, {
        lines: [{ variantId: s.variantId, quantity: 1 }],
        paymentMethodId: b.methodId,
        shippingAddress: address,
      });
      await runJobs(t);
      let [delivery] = await deliveriesOf(endpoint.id);
      expect(delivery).toMatchObject({
        event: 'order.paid',
        status: 'pending',
        attempts: 1,
        last_status_code: 500,
        last_error: 'HTTP 500',
      });
      await makeDue();
      await runJobs(t);
      [delivery] = await deliveriesOf(endpoint.id);
      expect(delivery).toMatchObject({ status: 'delivered', attempts: 2, last_status_code: 200, last_error: null });

      expect(server.received).toHaveLength(2);
      for (const r of server.received) {
        expect(verifyWebhook(secret, r.body, r.headers['comptoir-signature'] as string)).toBe(true);
        expect(r.headers['comptoir-event']).toBe('order.paid');
        expect(r.headers['content-type']).toBe('application/json');
      }
      const payload = JSON.parse(server.received[1].body);
      expect(payload).toMatchObject({
        id: delivery.id,
        type: 'order.paid',
        data: { order: { id: placed.orderId, status: 'paid', total: { amount: 1790, currency: 'EUR' } } },
      });
      expect(JSON.stringify(payload)).not.toMatch(/pm_test_|provider_token/);

      // The same event handled again (a job run twice) makes no second delivery.
      await handleOrderEvent(t.ctx, { orderId: placed.orderId, event: 'order.paid' });
      await runJobs(t);
      expect(await deliveriesOf(endpoint.id)).toHaveLength(1);
      expect(server.received).toHaveLength(2);

      await shipOrder(t.ctx, s.owner.id, placed.orderId, { carrier: 'Colissimo', trackingNumber: 'WH1' });
      await runJobs(t);
      const list = await listDeliveries(t.ctx, s.owner.id, s.brand.id, endpoint.id);
      expect(list.map((d) => [d.event, d.status])).toEqual([
        ['order.shipped', 'delivered'],
        ['order.paid', 'delivered'],
      ]);
      expect(JSON.parse(server.received[2].body).data.order).toMatchObject({
        carrier: 'Colissimo',
        tracking_number: 'WH1',
        status: 'shipped',
      });
    } finally {
      await server.close();
    }
  });

  it('sends only the events an endpoint subscribed to', async () => {
    const server = await receiver();
    try {
      const s = await shop(t, { stock: 3 });
      const { endpoint } = await createWebhookEndpoint(t.ctx, s.owner.id, s.brand.id, {
        url: server.url,
        events: ['order.shipped'],
      });
      const b = await buyerWithCard(t);
      const placed = await placeOrder(t.ctx, b.id, {
        lines: [{ variantId: s.variantId, quantity: 1 }],
        paymentMethodId: b.methodId,
        shippingAddress: address,
      });
      await runJobs(t);
      expect(await deliveriesOf(endpoint.id)).toHaveLength(0);
      await shipOrder(t.ctx, s.owner.id, placed.orderId, { carrier: 'DPD', trackingNumber: 'D1' });
      await runJobs(t);
      expect((await deliveriesOf(endpoint.id)).map((d) => d.event)).toEqual(['order.shipped']);
    } finally {
      await server.close();
    }
  });

  it('gives up on a silent endpoint after the timeout and says so', async () => {
    const server = await receiver();
    server.hang.on = true;
    try {
      const s = await shop(t, { stock: 3 });
      const { endpoint } = await createWebhookEndpoint(t.ctx, s.owner.id, s.brand.id, { url: server.url });
      const id = deliveryIdFor('01900000-0000-7000-8000-000000000001', endpoint.id);
      await queryRows(
        t.ctx.db,
        sql`insert into webhook_deliveries (id, endpoint_id, event, payload) values (${id}, ${endpoint.id}, 'order.paid', '{"id":"x"}'::jsonb)`,
      );
      await expect(deliverWebhook(t.ctx, id, { timeoutMs: 200 })).rejects.toThrow(/timeout/);
      const [row] = await deliveriesOf(endpoint.id);
      expect(row).toMatchObject({ status: 'pending', attempts: 1, last_status_code: null });
      expect(row.last_error).toMatch(/timeout/);
      expect(id).toBe(deliveryIdFor('01900000-0000-7000-8000-000000000001', endpoint.id));
      expect(id.slice(0, 13)).toBe('01900000-0000');
    } finally {
      await server.close();
    }
  });
});

describe('the webhooks API', () => {
  it('takes events as a list or a comma-separated form field, and checks ids and paging', async () => {
    const s = await shop(t);
    const form = new FormData();
    form.append('url', 'https://erp.example.com/form');
    form.append('events', 'order.paid,order.shipped');
    const created = await t.call('POST', `/api/v1/brands/${s.brand.id}/webhooks`, {
      token: s.ownerToken,
      body: form,
    });
    expect(created.status).toBe(201);
    const endpoint = (await created.json()) as { id: string; events: string[] };
    expect(endpoint.events).toEqual(['order.paid', 'order.shipped']);
    const base = `/api/v1/brands/${s.brand.id}/webhooks`;
    const status = async (path: string) => (await t.call('GET', path, { token: s.ownerToken })).status;
    expect(await status(`${base}/${endpoint.id}/deliveries?limit=100`)).toBe(200);
    expect(await status(`${base}/${endpoint.id}/deliveries?limit=0`)).toBe(400);
    expect(await status(`${base}/${endpoint.id}/deliveries?max_id=nope`)).toBe(400);
    expect(await status(`${base}/not-an-id/deliveries`)).toBe(404);
    expect(await status('/api/v1/brands/not-an-id/webhooks')).toBe(404);
  });
});

describe('webhook addresses in special-use ranges', () => {
  // Loopback forms: refused in production, allowed under the test runner as local development is.
  const loopback = [
    'https://LOCALHOST./hooks',
    'https://0x7f000001/hooks',
    'https://2130706433/hooks',
    'https://0177.0.0.1/hooks',
    'https://127.1/hooks',
    'https://[0:0:0:0:0:0:0:1]/hooks',
  ];
  const refused = [
    'https://api.localhost/hooks',
    'https://198.18.0.1/hooks',
    'https://198.19.255.254/hooks',
    'https://169.254.169.254/latest/meta-data',
    'https://[::ffff:127.0.0.1]/hooks',
    'https://[::ffff:a00:1]/hooks',
    'https://[64:ff9b::10.0.0.1]/hooks',
    'https://[2002:c0a8:101::1]/hooks',
    'https://[fd12::1]/hooks',
    'https://[2001:db8::1]/hooks',
    'https://erp.internal/hooks',
    'https://shop.test/hooks',
    'https://printer.local./hooks',
    'https://192.0.2.10/hooks',
    'https://255.255.255.255/hooks',
  ];

  it('are refused by the URL rule in production, loopback included, however the host is written', () => {
    const strict = { webhooksAllowLocal: false };
    for (const url of [...loopback, ...refused]) {
      expect(() => checkWebhookUrl(url, strict, { NODE_ENV: 'production' }), url).toThrow(
        expect.objectContaining({ code: 'private_url' }),
      );
    }
    expect(() => checkWebhookUrl('http://LOCALHOST.:8080/x', strict, { NODE_ENV: 'production' })).toThrow(
      expect.objectContaining({ code: 'insecure_url' }),
    );
    expect(checkWebhookUrl('http://LOCALHOST.:8080/x', { webhooksAllowLocal: true }, {})).toBe(
      'http://localhost.:8080/x',
    );
  });

  it('are refused at registration with 422 private_url, however the host is written', async () => {
    const s = await shop(t);
    for (const url of refused) {
      const res = await t.call('POST', `/api/v1/brands/${s.brand.id}/webhooks`, { token: s.ownerToken, body: { url } });
      expect(res.status, url).toBe(422);
      expect(await res.json(), url).toMatchObject({ error: { code: 'private_url', message: expect.any(String) } });
    }
    const ok = await t.call('POST', `/api/v1/brands/${s.brand.id}/webhooks`, {
      token: s.ownerToken,
      body: { url: 'https://ERP.Example.com./in' },
    });
    expect(ok.status).toBe(201);
    expect(await listWebhookEndpoints(t.ctx, s.owner.id, s.brand.id)).toHaveLength(1);
  });

  it('are never contacted at delivery, even when stored before the rule existed', async () => {
    const s = await shop(t);
    const { endpoint } = await createWebhookEndpoint(t.ctx, s.owner.id, s.brand.id, {
      url: 'https://erp.example.com/legacy',
    });
    await queryRows(
      t.ctx.db,
      sql`update webhook_endpoints set url = 'https://198.18.0.1/hooks' where id = ${endpoint.id}`,
    );
    const deliveryId = deliveryIdFor('00000000-0000-7000-8000-000000000001', endpoint.id);
    await queryRows(
      t.ctx.db,
      sql`insert into webhook_deliveries (id, endpoint_id, event, payload, status) values (${deliveryId}, ${endpoint.id}, 'order.paid', '{}'::jsonb, 'pending')`,
    );
    const contacted: string[] = [];
    const fetchSpy = (async (url: string) => {
      contacted.push(url);
      return new Response('ok');
    }) as unknown as typeof fetch;
    await expect(deliverWebhook(t.ctx, deliveryId, { fetch: fetchSpy })).rejects.toThrow();
    expect(contacted).toEqual([]);
    const [delivery] = await deliveriesOf(endpoint.id);
    expect(delivery.last_error).toContain('private');
  });
});
