/**
 * `npm run bench -- presale [--pledges 20000] [--concurrency 200] [--orders 2000] [--pglite] [--no-durable]`
 *
 * A pre-sale on one draft product with a threshold of `pledges` units: `pledges` people, each
 * with a saved test card, a default address and a bearer token, send one
 * `POST /api/v1/presales/:id/pledges` each (own Idempotency-Key) to the real server through
 * `concurrency` connections; the last one crosses the threshold and the server's job worker
 * charges every pledge through the checkout. Printed:
 *  - pledges/s (201s over the pledge phase);
 *  - the time to charge every pledge (from the crossing until none is left `pledged`) and the
 *    charge rate;
 *  - the reference, in the same run on the same server: the checkout's paid-order rate as the
 *    flash-sale bench measures it (`orders` buyers, `POST /api/v1/orders`, one unit each, on
 *    another product with enough stock), and the ratio charge rate ÷ paid-order rate (target ≥ 0.5);
 *  - double charges: pledges with more than one order, orders with more than one authorization,
 *    paid orders of the product that no pledge names, buyers with more than one paid order (0).
 * PostgreSQL by default, as flash-sale (a durable throwaway cluster; `--no-durable` uses the bench
 * cluster with fsync off); `--pglite` runs it on the embedded database.
 */
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { queryRows } from '../src/db/client';
import {
  appServerEnv,
  createBuyers,
  createShop,
  fmt,
  freshDatabase,
  httpClient,
  int,
  latencyStats,
  log,
  orderBody,
  runFixed,
  shippingAddress,
  warmUp,
} from './commerce';
import { startServer, type ServerProcess } from './server';
import { benchData } from './world';

async function product(
  client: ReturnType<typeof httpClient>,
  shop: { brandId: string; ownerToken: string },
  title: string,
  status: 'draft' | 'published',
  stock: number,
): Promise<{ productId: string; variantId: string }> {
  const res = await client.post(
    `/api/v1/brands/${shop.brandId}/products`,
    { title, status, variants: [{ sku: `${status}-${stock}`, price: { amount: 4_900, currency: 'EUR' }, stock }] },
    { authorization: `Bearer ${shop.ownerToken}` },
  );
  if (res.status !== 201) throw new Error(`POST products answered ${res.status}: ${res.body.slice(0, 300)}`);
  const body = JSON.parse(res.body) as { id: string; variants: { id: string }[] };
  return { productId: body.id, variantId: body.variants[0]!.id };
}

export async function main(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    allowNegative: true,
    options: {
      pledges: { type: 'string' },
      concurrency: { type: 'string' },
      orders: { type: 'string' },
      pglite: { type: 'boolean', default: false },
      durable: { type: 'boolean', default: true },
    },
  });
  const pledges = int(values.pledges, 20_000, 'pledges');
  const concurrency = Math.max(1, int(values.concurrency, 200, 'concurrency'));
  const orderCount = int(values.orders, 2_000, 'orders');
  log(`Pre-sale benchmark — ${pledges.toLocaleString('en')} pledges, ${concurrency} connections`);
  log(
    `Machine: ${os.cpus().length} CPUs, Node ${process.version}; load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  const target = await freshDatabase(
    'presale',
    values.pglite,
    values.durable && !values.pglite && !process.env.DATABASE_URL,
  );
  log(`Database: ${target.description}`);
  const mediaDir = path.join(benchData, 'presale-media');
  fs.rmSync(mediaDir, { recursive: true, force: true });
  let server: ServerProcess | undefined;
  let client: ReturnType<typeof httpClient> | undefined;
  try {
    let database = await target.open(4);
    const shop = await createShop(database, 'maison_prevente');
    const buyers = await createBuyers(database, pledges + orderCount, 'psb');
    const a = shippingAddress;
    await queryRows(
      database.db,
      sql`insert into addresses (id, account_id, name, line1, postal_code, city, country, is_default)
          select gen_random_uuid(), id, ${a.name}, ${a.line1}, ${a.postal_code}, ${a.city}, ${a.country}, true
          from accounts where username like 'psb%'`,
    );
    await database.close();
    log(`Made a brand and ${buyers.length.toLocaleString('en')} people (card, default address, token)`);

    server = await startServer(appServerEnv(target, mediaDir), log);
    client = httpClient(server.port, concurrency);
    const reference = await product(client, shop, 'Carte cadeau (référence)', 'published', orderCount + 300);
    const presold = await product(client, shop, 'Vélo cargo — prévente', 'draft', 0);
    await warmUp(client, 200, 50, 'orders of the reference product', (i) => ({
      variantId: reference.variantId,
      buyer: buyers[pledges + (i % orderCount)]!,
    }));

    // The reference: the checkout's paid-order rate, measured as flash-sale does.
    const sale = await runFixed(orderCount, concurrency, 300_000, (i) => {
      const b = buyers[pledges + i]!;
      return client!.post('/api/v1/orders', orderBody(reference.variantId, b.methodId), {
        authorization: `Bearer ${b.token}`,
        'idempotency-key': `ref-${i}`,
      });
    });
    const paid = sale.outcomes.filter((o) => o.status === 201);
    const paidRate = paid.length / (Math.max(...paid.map((o) => o.end)) / 1000);
    log(`Reference (flash-sale's measurement): ${paid.length} paid orders, ${fmt(paidRate)} orders/s`);

    // The reference sale's follow-up jobs (e-mails, notifications, webhooks) drain first: the
    // charge job would otherwise wait behind them in the one queue.
    const drainedAt = performance.now();
    database = await target.open(2);
    for (;;) {
      const [row] = await queryRows<{ n: number }>(
        database.db,
        sql`select count(*)::int as n from jobs where done_at is null and run_at <= now() and attempts < max_attempts`,
      );
      if (row!.n === 0 || performance.now() - drainedAt > 600_000) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    await database.close();
    log(`The reference sale's follow-up jobs done in ${fmt((performance.now() - drainedAt) / 1000)} s`);
    const deadline = new Date(Date.now() + 24 * 3600_000).toISOString();
    const created = await client.post(
      `/api/v1/brands/${shop.brandId}/presales`,
      { product_id: presold.productId, threshold_units: pledges, deadline },
      { authorization: `Bearer ${shop.ownerToken}` },
    );
    if (created.status !== 201) throw new Error(`POST presales answered ${created.status}: ${created.body}`);
    const presaleId = (JSON.parse(created.body) as { id: string }).id;

    // The pledges.
    const pledged = await runFixed(pledges, concurrency, 900_000, (i) =>
      client!.post(
        `/api/v1/presales/${presaleId}/pledges`,
        { variant_id: presold.variantId, quantity: 1, payment_method_id: buyers[i]!.methodId },
        { authorization: `Bearer ${buyers[i]!.token}`, 'idempotency-key': `pledge-${i}` },
      ),
    );
    const crossedAt = performance.now();
    const ok = pledged.outcomes.filter((o) => o.status === 201);
    const stats = latencyStats(ok, pledged.seconds);
    const other = pledged.outcomes.filter((o) => o.status !== 201);
    log(
      `Pledges: ${ok.length} answered 201 in ${fmt(pledged.seconds)} s: ${fmt(ok.length / pledged.seconds)} pledges/s ` +
        `(p50 ${fmt(stats.p50)} ms, p99 ${fmt(stats.p99)} ms)${other.length ? `; ${other.length} others: ${other[0]!.code}` : ''}`,
    );

    // The charge, by the server's job worker.
    database = await target.open(2);
    let left = pledges;
    let lastLog = 0;
    while (left > 0 && performance.now() - crossedAt < 1_800_000) {
      await new Promise((r) => setTimeout(r, 250));
      const [row] = await queryRows<{ left: number; charged: number; failed: number }>(
        database.db,
        sql`select count(*) filter (where status = 'pledged')::int as left, count(*) filter (where status = 'charged')::int as charged,
                   count(*) filter (where status = 'payment_failed')::int as failed from presale_pledges where presale_id = ${presaleId}`,
      );
      left = row!.left;
      if (performance.now() - lastLog > 10_000) {
        lastLog = performance.now();
        log(`  … ${row!.charged} charged, ${row!.failed} declined, ${left} to go`);
      }
    }
    const chargeSeconds = (performance.now() - crossedAt) / 1000;
    const chargeRate = (pledges - left) / chargeSeconds;
    const [check] = await queryRows<{
      charged: number;
      orders: number;
      paid_orders: number;
      multi_auth: number;
      orphan_orders: number;
      multi_order_buyers: number;
    }>(
      database.db,
      sql`with o as (select o.id, o.buyer_id, o.status from orders o join order_lines l on l.order_id = o.id where l.variant_id = ${presold.variantId})
          select (select count(*) from presale_pledges where presale_id = ${presaleId} and status = 'charged')::int as charged,
                 (select count(distinct order_id) from presale_pledges where presale_id = ${presaleId} and order_id is not null)::int as orders,
                 (select count(*) from o where status = 'paid')::int as paid_orders,
                 (select count(*) from (select order_id from payments where kind = 'authorization' and order_id in (select id from o)
                    group by order_id having count(*) > 1) x)::int as multi_auth,
                 (select count(*) from o where status = 'paid' and not exists (select 1 from presale_pledges p where p.order_id = o.id))::int as orphan_orders,
                 (select count(*) from (select buyer_id from o where status = 'paid' group by buyer_id having count(*) > 1) x)::int as multi_order_buyers`,
    );
    await database.close();
    const c = check!;
    const doubles = c.multi_auth + c.orphan_orders + c.multi_order_buyers + (c.charged - c.orders);
    log(
      `\nCharge: ${c.charged} pledges charged in ${fmt(chargeSeconds)} s after the crossing: ${fmt(chargeRate)} charges/s`,
    );
    log(`Reference paid-order rate (same run): ${fmt(paidRate)} orders/s`);
    log(`Ratio charge rate ÷ paid-order rate: ${fmt(chargeRate / paidRate, 2)} (target ≥ 0.50)`);
    log(
      `Double charges: ${doubles} (orders with 2+ authorizations ${c.multi_auth}, paid orders no pledge names ${c.orphan_orders}, ` +
        `buyers with 2+ paid orders ${c.multi_order_buyers}, paid orders ${c.paid_orders} for ${c.charged} charged pledges)`,
    );
    if (left > 0) log(`Stopped waiting after 30 min: ${left} pledges not charged`);
  } finally {
    client?.close();
    await server?.stop();
    await target.stop();
  }
}
