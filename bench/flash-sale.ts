/**
 * `npm run bench -- flash-sale [--units 500] [--buyers 5000] [--concurrency 200] [--pg | --pglite]
 *                              [--duplicates 0.02] [--raw-seconds 5] [--warmup 200] [--no-profile] [--no-durable]
 *                              [--socket] [--server-args "--max-semi-space-size=16"]`
 *
 * A limited series on one product: `units` in stock, `buyers` people each with a saved test card
 * and a bearer token, every one of them sending `POST /api/v1/orders` (quantity 1, their own
 * Idempotency-Key) to the real server (a child process) through `concurrency` connections, plus
 * about 2 % duplicates that re-send a key with the same body: half right behind the original (in
 * flight together), half at the end (replays). Then:
 *  - orders/s (201s over the time to sell out), requests/s, p50/p99, 201 / 409 out_of_stock / other;
 *  - oversold: paid units above the stock, a negative stock, stock + units in orders ≠ the series;
 *  - double charges: orders with more than one authorization, buyers with more than one order,
 *    duplicates answered with another order, orders that no Idempotency-Key's reply names;
 *  - in the same run, the server's raw rate of `UPDATE variants SET stock = stock - 1 WHERE id = $hot`
 *    (autocommit, one hot row) at the same concurrency over a pool of 10 (the app's) and of
 *    `concurrency` connections, and the ratio orders/s ÷ that rate (target ≥ 2, issue 3);
 *  - where the time goes: statements per order (in-process, one order alone), the server-side
 *    statement profile of the sale (pg_stat_statements), CPU seconds of the app server, PostgreSQL
 *    and the load generator, and the app server's CPU profile by layer (node --cpu-prof).
 * PostgreSQL by default, with its default durability: a throwaway cluster made and removed by the
 * run (bench/.data/pg-durable), where every commit waits for the disk, which is what the target is
 * about (a hot row's lock is held through its commit's flush; a batch shares one flush). With
 * DATABASE_URL, that server as it is configured. `--no-durable` uses the bench cluster in
 * bench/.data/pg instead, which trades durability for speed (fsync off: no flush, the hot row's
 * lock is short and the raw rate is bound by CPU alone); `--pglite` runs it on the embedded
 * database. Each run starts from a fresh database. `--socket` connects the app
 * server over PostgreSQL's Unix socket; `--server-args` adds node options to the app server
 * (both to measure what they change).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { queryRows } from '../src/db/client';
import {
  appServerEnv,
  checkoutLayerRates,
  createBuyers,
  createShop,
  cpuBetween,
  fmt,
  freshDatabase,
  httpClient,
  int,
  latencyStats,
  log,
  orderBody,
  rawRate,
  readStatements,
  resetStatements,
  runFixed,
  sampleCpu,
  statementCost,
  statementLabel,
  statementsOfOneOrder,
  statementTable,
  table,
  warmUp,
  type Buyer,
  type Outcome,
} from './commerce';
import { profileTables, summarizeProfile } from './cpuprofile';
import { startServer, type ServerProcess } from './server';
import { benchData, benchRoot } from './world';

type Planned = { buyer: number; key: string; duplicate: boolean; position: 'original' | 'in flight' | 'replay' };

async function createProduct(
  client: ReturnType<typeof httpClient>,
  brandId: string,
  ownerToken: string,
  title: string,
  sku: string,
  stock: number,
): Promise<string> {
  const res = await client.post(
    `/api/v1/brands/${brandId}/products`,
    {
      title,
      description: 'Série limitée, numérotée.',
      status: 'published',
      variants: [{ sku, price: { amount: 4_900, currency: 'EUR' }, stock }],
    },
    { authorization: `Bearer ${ownerToken}` },
  );
  if (res.status !== 201)
    throw new Error(`POST /api/v1/brands/:id/products answered ${res.status}: ${res.body.slice(0, 300)}`);
  return (JSON.parse(res.body) as { variants: { id: string }[] }).variants[0]!.id;
}

export async function main(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    allowNegative: true,
    options: {
      units: { type: 'string' },
      buyers: { type: 'string' },
      concurrency: { type: 'string' },
      pg: { type: 'boolean', default: false },
      pglite: { type: 'boolean', default: false },
      duplicates: { type: 'string' },
      'raw-seconds': { type: 'string' },
      warmup: { type: 'string' },
      profile: { type: 'boolean', default: true },
      durable: { type: 'boolean', default: true },
      socket: { type: 'boolean', default: false },
      'server-args': { type: 'string' },
    },
  });
  const units = int(values.units, 500, 'units');
  const buyerCount = int(values.buyers, 5_000, 'buyers');
  const concurrency = Math.max(1, int(values.concurrency, 200, 'concurrency'));
  const duplicateShare = values.duplicates === undefined ? 0.02 : Number(values.duplicates);
  const rawSeconds = int(values['raw-seconds'], 5, 'raw-seconds');
  const warmup = Math.min(buyerCount, int(values.warmup, 200, 'warmup'));
  const usePglite = values.pglite && !values.pg;

  log(
    `Flash sale benchmark — ${units.toLocaleString('en')} units, ${buyerCount.toLocaleString('en')} buyers, ${concurrency} concurrent connections`,
  );
  log(
    `Machine: ${os.cpus().length} CPUs (${os.cpus()[0]?.model.trim()}), ${Math.round(os.totalmem() / 2 ** 30)} GB, Node ${process.version}; load generator, server and database share them; load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );

  const target = await freshDatabase(
    'flash-sale',
    usePglite,
    values.durable && !usePglite && !process.env.DATABASE_URL,
  );
  log(`Database: ${target.description}`);
  const mediaDir = path.join(benchData, 'flash-sale-media');
  fs.rmSync(mediaDir, { recursive: true, force: true });
  const profileDir = path.join(benchData, 'profiles', `flash-sale-${process.pid}`);
  let server: ServerProcess | undefined;
  let client: ReturnType<typeof httpClient> | undefined;
  try {
    // The world: a brand, its buyers.
    const t0 = performance.now();
    let database = await target.open(4);
    const shop = await createShop(database, 'maison_flash');
    const buyers: Buyer[] = await createBuyers(database, buyerCount, 'fsb');
    await database.close();
    log(
      `Made a brand and ${buyers.length.toLocaleString('en')} buyers (account, saved test card, bearer token) in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );

    // The real server.
    const serverEnv = appServerEnv(target, mediaDir, values.socket);
    if (values.socket && target.kind === 'pg')
      log('The app server reaches PostgreSQL over its Unix socket (/tmp), not TCP');
    const extraArgs = (values['server-args'] ?? '').split(/\s+/).filter(Boolean);
    if (extraArgs.length) log(`App server node options added: ${extraArgs.join(' ')}`);
    const spawnedAt = Date.now();
    server = await startServer(serverEnv, log, {
      nodeArgs: [
        ...extraArgs,
        ...(values.profile ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, '--cpu-prof-interval=500'] : []),
      ],
    });
    client = httpClient(server.port, concurrency);
    const variantId = await createProduct(
      client,
      shop.brandId,
      shop.ownerToken,
      'Montre Lumière — série limitée',
      'LUM-500',
      units,
    );
    const warmVariant = await createProduct(
      client,
      shop.brandId,
      shop.ownerToken,
      'Carte cadeau (échauffement)',
      'WARM-1',
      warmup + 10,
    );
    log(`Product created through the API: variant ${variantId}, ${units} units`);

    // Warm-up on another product.
    await warmUp(client, warmup, Math.min(50, concurrency), 'orders of another product', (i) => ({
      variantId: warmVariant,
      buyer: buyers[i]!,
    }));

    // What one order costs in statements, alone (PostgreSQL; in this process, same code).
    const single = await statementsOfOneOrder(target, buyers[buyers.length - 1]!, warmVariant);

    // The sale.
    const plan: Planned[] = [];
    const duplicateCount = Math.round(buyerCount * duplicateShare);
    const chosen = new Set<number>();
    while (chosen.size < duplicateCount) chosen.add(Math.floor(Math.random() * buyerCount));
    const replays: Planned[] = [];
    let k = 0;
    for (let i = 0; i < buyerCount; i++) {
      const key = `sale-${i}`;
      plan.push({ buyer: i, key, duplicate: false, position: 'original' });
      if (chosen.has(i)) {
        if (k++ % 2 === 0) plan.push({ buyer: i, key, duplicate: true, position: 'in flight' });
        else replays.push({ buyer: i, key, duplicate: true, position: 'replay' });
      }
    }
    plan.push(...replays);
    const statementsOn = await resetStatements(target);
    log(
      `\nThe sale: ${plan.length.toLocaleString('en')} requests (${duplicateCount} duplicates: ${duplicateCount - replays.length} in flight with their original, ${replays.length} replayed at the end)…`,
    );
    const cpu0 = sampleCpu(server.pid, target.clusterFolder);
    const saleStartedAt = Date.now();
    const sale = await runFixed(plan.length, concurrency, 300_000, (i) => {
      const p = plan[i]!;
      const b = buyers[p.buyer]!;
      return client!.post('/api/v1/orders', orderBody(variantId, b.methodId), {
        authorization: `Bearer ${b.token}`,
        'idempotency-key': p.key,
      });
    });
    const _saleEndedAt = Date.now();
    const cpu1 = sampleCpu(server.pid, target.clusterFolder);
    const cpu = cpuBetween(cpu0, cpu1);
    if (sale.timedOut) log('  (stopped issuing after 300 s: the figures cover what was sent)');
    const statements = statementsOn ? await readStatements(target) : [];
    // The floor of any HTTP design here: a route that touches nothing, same connections, same load generator.
    const floorCount = 10_000;
    const floor = await runFixed(floorCount, concurrency, 60_000, () => client!.get('/health', {}));
    const floorRate = floor.outcomes.filter((o) => o.status === 200).length / floor.seconds;
    const memory = server.memory();
    await server.stop();
    server = undefined;
    client.close();
    client = undefined;

    // Outcomes.
    const originals = sale.outcomes.filter((o) => !plan[o.index]!.duplicate);
    const created = originals.filter((o) => o.status === 201);
    const soldOutAt = created.length ? Math.max(...created.map((o) => o.end)) / 1000 : NaN;
    const ordersPerSecond = created.length / soldOutAt;
    const all = latencyStats(sale.outcomes, sale.seconds);
    const byCode = new Map<string, Outcome[]>();
    for (const o of sale.outcomes) byCode.set(o.code, [...(byCode.get(o.code) ?? []), o]);
    const okStats = latencyStats(created, soldOutAt);
    const oosStats = latencyStats(byCode.get('out_of_stock') ?? [], sale.seconds);
    const firstOutOfStock = Math.min(...(byCode.get('out_of_stock') ?? []).map((o) => o.end)) / 1000;
    const other = sale.outcomes.filter((o) => o.status !== 201 && o.code !== 'out_of_stock');

    // Duplicates: the same answer as their original.
    const byKey = new Map<string, Outcome[]>();
    for (const o of sale.outcomes) byKey.set(plan[o.index]!.key, [...(byKey.get(plan[o.index]!.key) ?? []), o]);
    let duplicateMismatch = 0;
    let duplicateReplayed201 = 0;
    for (const outcomes of byKey.values()) {
      if (outcomes.length < 2) continue;
      const [a, b] = outcomes;
      if (a!.status !== b!.status || a!.orderId !== b!.orderId) duplicateMismatch++;
      if (a!.status === 201 && b!.status === 201) duplicateReplayed201++;
    }

    // The database's word.
    database = await target.open(2);
    const [check] = await queryRows<{
      stock: number;
      paid_units: number;
      held_units: number;
      all_units: number;
      paid_orders: number;
      unpaid_orders: number;
      multi_auth: number;
      auth_rows: number;
      paid_without_auth: number;
      multi_order_buyers: number;
      orders_without_key: number;
      keys_per_order_over_1: number;
    }>(
      database.db,
      sql`with sale as (
            select o.id, o.status, o.buyer_id, l.quantity from orders o join order_lines l on l.order_id = o.id where l.variant_id = ${variantId}
          )
          select (select stock from variants where id = ${variantId}) as stock,
                 (select coalesce(sum(quantity), 0) from sale where status = 'paid')::int as paid_units,
                 (select coalesce(sum(quantity), 0) from sale where status in ('awaiting_payment', 'pending_confirmation'))::int as held_units,
                 (select coalesce(sum(quantity), 0) from sale)::int as all_units,
                 (select count(*) from sale where status = 'paid')::int as paid_orders,
                 (select count(*) from sale where status <> 'paid')::int as unpaid_orders,
                 (select count(*) from (select order_id from payments where kind = 'authorization' and order_id in (select id from sale) group by order_id having count(*) > 1) x)::int as multi_auth,
                 (select count(*) from payments where kind = 'authorization' and order_id in (select id from sale))::int as auth_rows,
                 (select count(*) from sale s where status = 'paid' and not exists (select 1 from payments p where p.order_id = s.id and p.kind = 'authorization'))::int as paid_without_auth,
                 (select count(*) from (select buyer_id from sale group by buyer_id having count(*) > 1) x)::int as multi_order_buyers,
                 (select count(*) from sale s where not exists (select 1 from idempotency_keys k where k.scope = 'orders' and k.response->>'id' = s.id::text))::int as orders_without_key,
                 (select count(*) from (select k.response->>'id' from idempotency_keys k where k.scope = 'orders' and k.response->>'id' in (select id::text from sale) group by 1 having count(*) > 1) x)::int as keys_per_order_over_1`,
    );
    const c = check!;
    const answered201 = new Set(created.map((o) => o.orderId));
    const oversold = Math.max(0, c.paid_units - units);
    const conservation = c.stock + c.all_units === units;

    // Raw hot-row rate, same run, after the server stopped (so it does not compete for CPU).
    const [saved] = await queryRows<{ stock: number }>(
      database.db,
      sql`select stock from variants where id = ${variantId}`,
    );
    await queryRows(database.db, sql`update variants set stock = 1000000000 where id = ${variantId}`);
    await database.close();
    log(
      `\nRaw hot-row rate: UPDATE variants SET stock = stock - 1 WHERE id = $hot, ${concurrency} callers, ${rawSeconds} s each…`,
    );
    const hot = 'update variants set stock = stock - 1 where id = $1';
    const raws: Awaited<ReturnType<typeof rawRate>>[] = [];
    const pools = target.kind === 'pg' ? [10, concurrency] : [1];
    for (const size of pools) {
      try {
        raws.push(await rawRate(target, size, concurrency, rawSeconds, hot, () => [variantId]));
        log(`  pool of ${size}: ${fmt(raws.at(-1)!.rate, 0)} updates/s`);
      } catch (error) {
        log(`  pool of ${size}: could not run (${(error as Error).message})`);
      }
    }
    database = await target.open(2);
    await queryRows(database.db, sql`update variants set stock = ${saved!.stock} where id = ${variantId}`);
    // The checkout's database layer alone, on another hot row (the warm-up product, restocked).
    await queryRows(database.db, sql`update variants set stock = 1000000000 where id = ${warmVariant}`);
    await database.close();
    log(
      `The checkout's database layer alone (in this process, pool of ${target.kind === 'pg' ? 10 : 1}, ${concurrency} callers, one hot variant, ${rawSeconds} s each)…`,
    );
    const layers = await checkoutLayerRates(target, buyers, warmVariant, concurrency, rawSeconds);
    for (const l of layers) log(`  ${l.what}: ${fmt(l.stats.rate, 0)}/s`);
    const costs = await statementCost(target, buyers[0]!, 50, 20_000);

    // CPU profile of the app server during the sale.
    let profileLines: string[] = [];
    if (values.profile && fs.existsSync(profileDir)) {
      const file = fs
        .readdirSync(profileDir)
        .filter((f) => f.endsWith('.cpuprofile'))
        .map((f) => path.join(profileDir, f))[0];
      if (file) {
        // Until the last unit is sold: the phase whose speed is orders/s.
        const summary = summarizeProfile(
          file,
          path.resolve(benchRoot, '..'),
          saleStartedAt - spawnedAt,
          saleStartedAt - spawnedAt + soldOutAt * 1000,
        );
        profileLines = [
          `\nApp server CPU profile until sold out (node --cpu-prof, self time by layer; ${fmt(summary.sampledMs / 1000, 1)} s busy, ${fmt(summary.idleMs / 1000, 1)} s idle):`,
          ...profileTables(summary, { label: 'ms per order sold', count: created.length }),
        ];
        const keep = path.join(benchData, 'profiles', 'flash-sale.cpuprofile');
        fs.renameSync(file, keep);
        profileLines.push(`  (profile kept in ${path.relative(process.cwd(), keep)}: open it in Chrome DevTools)`);
      }
      fs.rmSync(profileDir, { recursive: true, force: true });
    }

    // The tables.
    log(
      `\nResults (${target.kind === 'pg' ? 'PostgreSQL' : 'PGlite'}, ${units} units, ${buyerCount} buyers, ${concurrency} connections, ${plan.length} requests in ${fmt(sale.seconds, 2)} s):`,
    );
    const rows: string[][] = [
      [
        'orders/s (201s ÷ time to sell out)',
        fmt(ordersPerSecond, 1),
        `${created.length} orders in ${fmt(soldOutAt, 2)} s`,
      ],
      [
        'requests/s (all answers ÷ run time)',
        fmt(sale.outcomes.length / sale.seconds, 1),
        `${sale.outcomes.length} answers in ${fmt(sale.seconds, 2)} s`,
      ],
      ['latency p50 / p99, all requests', `${fmt(all.p50, 0)} / ${fmt(all.p99, 0)} ms`, `max ${fmt(all.max, 0)} ms`],
      ['latency p50 / p99, 201 paid', `${fmt(okStats.p50, 0)} / ${fmt(okStats.p99, 0)} ms`, ''],
      [
        'latency p50 / p99, 409 out_of_stock',
        `${fmt(oosStats.p50, 0)} / ${fmt(oosStats.p99, 0)} ms`,
        `first at ${fmt(firstOutOfStock, 2)} s`,
      ],
      [
        '201 / 409 out_of_stock / other',
        `${sale.outcomes.filter((o) => o.status === 201).length} / ${byCode.get('out_of_stock')?.length ?? 0} / ${other.length}`,
        other.length ? [...new Set(other.map((o) => o.code))].slice(0, 4).join(', ') : 'duplicates included',
      ],
    ];
    for (const r of raws) {
      rows.push([
        `raw hot-row UPDATE, pool of ${r.poolSize}${target.kind === 'pglite' ? ' (one connection)' : ''}`,
        `${fmt(r.rate, 0)} /s`,
        `p50 ${fmt(r.p50, 1)} ms, p99 ${fmt(r.p99, 1)} ms`,
      ]);
      rows.push([
        `  ratio orders/s ÷ raw (pool of ${r.poolSize})`,
        fmt(ordersPerSecond / r.rate, 3),
        ordersPerSecond / r.rate >= 2 ? 'target ≥ 2: met' : 'target ≥ 2: NOT met',
      ]);
    }
    rows.push([
      `HTTP floor: GET /health (touches nothing), ${concurrency} connections`,
      `${fmt(floorRate, 0)} /s`,
      `orders/s = ${fmt(ordersPerSecond / floorRate, 2)} of it; the floor is ${fmt(floorRate / (raws[0]?.rate ?? NaN), 2)}× the raw rate (pool of ${raws[0]?.poolSize ?? '?'})`,
    ]);
    // Issue 18's target: paid orders at a quarter of what the same server answers doing nothing.
    rows.push([
      '  ratio orders/s ÷ HTTP floor',
      fmt(ordersPerSecond / floorRate, 3),
      ordersPerSecond / floorRate >= 0.25 ? 'target ≥ 0.25 (issue 18): met' : 'target ≥ 0.25 (issue 18): NOT met',
    ]);
    rows.push(
      [
        'oversold (paid units − stock)',
        String(oversold),
        `${c.paid_units} paid units of ${units}; ${c.held_units} held unpaid`,
      ],
      ['final stock < 0', c.stock < 0 ? `YES (${c.stock})` : 'no', `final stock ${c.stock}`],
      [
        'stock + units in orders = series',
        conservation ? 'yes' : 'NO',
        `${c.stock} + ${c.all_units} = ${c.stock + c.all_units} (series ${units})`,
      ],
      [
        'double charges (orders with > 1 authorization)',
        String(c.multi_auth),
        `${c.auth_rows} authorizations for ${c.paid_orders} paid orders; ${c.paid_without_auth} paid without one`,
      ],
      [
        'buyers with > 1 order / orders per key > 1',
        `${c.multi_order_buyers} / ${c.keys_per_order_over_1}`,
        `${c.orders_without_key} orders named by no key's reply`,
      ],
      [
        'duplicates answered differently',
        String(duplicateMismatch),
        `${duplicateReplayed201} duplicate pairs both 201 with the same order`,
      ],
      [
        '201s = paid orders in the database',
        answered201.size === c.paid_orders ? 'yes' : 'NO',
        `${answered201.size} distinct order ids answered, ${c.paid_orders} paid (${c.unpaid_orders} unpaid left)`,
      ],
    );
    for (const line of table(['measure', 'value', 'detail'], rows)) log(line);
    // How the sale unfolds: answers per tenth of a second until a little after the last 201.
    const tenths = Math.min(40, Math.ceil(soldOutAt * 10) + 3);
    const buckets = Array.from({ length: tenths }, (_, i) =>
      sale.outcomes.filter((o) => o.end >= i * 100 && o.end < (i + 1) * 100),
    );
    log(
      `  Timeline (answers per 100 ms: 201 paid / 409 out_of_stock): ${buckets.map((b) => `${b.filter((o) => o.status === 201).length}/${b.filter((o) => o.code === 'out_of_stock').length}`).join(' ')}`,
    );
    const slow = sale.outcomes.filter((o) => o.end - o.start > 10_000);
    if (slow.length) {
      const started = slow.map((o) => o.start / 1000);
      const kinds = new Map<string, number>();
      for (const o of slow)
        kinds.set(
          `${plan[o.index]!.position} → ${o.code}`,
          (kinds.get(`${plan[o.index]!.position} → ${o.code}`) ?? 0) + 1,
        );
      log(
        `  Tail: ${slow.length} requests took over 10 s (sent between ${fmt(Math.min(...started), 2)} s and ${fmt(Math.max(...started), 2)} s; ${[...kinds].map(([k, n]) => `${n} ${k}`).join(', ')})`,
      );
    }

    const base = raws[0]?.rate ?? NaN;
    log(
      `\nThe hot row, the checkout's database layer and the whole HTTP order (ratios to the raw hot-row rate over ${raws[0]?.poolSize ?? '?'} connection(s)):`,
    );
    const layerRows = [
      ...raws.map((r) => [
        `raw hot-row UPDATE, pool of ${r.poolSize}`,
        fmt(r.rate, 0),
        fmt(r.rate / base, 2),
        `${fmt(r.p50, 1)} / ${fmt(r.p99, 1)}`,
        '',
      ]),
      ...layers.map((l) => [
        `DB layer: ${l.what}`,
        fmt(l.stats.rate, 0),
        fmt(l.stats.rate / base, 2),
        `${fmt(l.stats.p50, 1)} / ${fmt(l.stats.p99, 1)}`,
        fmt(l.cpuUs, 0),
      ]),
      [
        'HTTP API: POST /api/v1/orders, paid (the sale)',
        fmt(ordersPerSecond, 0),
        fmt(ordersPerSecond / base, 3),
        `${fmt(okStats.p50, 0)} / ${fmt(okStats.p99, 0)}`,
        `${fmt((1e6 * cpu.server) / sale.outcomes.length, 0)} (app server)`,
      ],
    ];
    for (const line of table(['what', 'per second', 'ratio', 'p50 / p99 ms', 'caller CPU µs/op'], layerRows)) log(line);
    if (costs.length) {
      log(
        `\nClient-side CPU of one statement in a Node process (primary-key select, pool of 10, 50 callers, 20,000 statements):`,
      );
      for (const line of table(
        ['how', 'CPU µs per statement', 'statements/s'],
        costs.map((c) => [c.what, fmt(c.cpuUs, 0), fmt(c.rate, 0)]),
      ))
        log(line);
    }

    log(`\nWhere the time goes`);
    log(
      `  CPU during the sale (${fmt(cpu.wall, 2)} s wall, ${os.cpus().length} CPUs = ${fmt(cpu.wall * os.cpus().length, 1)} CPU s available; load average ${cpu0.loadavg} → ${cpu1.loadavg}):`,
    );
    const cpuRows = [
      ['app server (node)', fmt(cpu.server, 2), fmt((1000 * cpu.server) / sale.outcomes.length, 2)],
      ...(target.clusterFolder
        ? [['PostgreSQL (all backends)', fmt(cpu.postgres, 2), fmt((1000 * cpu.postgres) / sale.outcomes.length, 2)]]
        : []),
      ['load generator (this process)', fmt(cpu.load, 2), fmt((1000 * cpu.load) / sale.outcomes.length, 2)],
    ];
    for (const line of table(['process', 'CPU s', 'CPU ms per request'], cpuRows)) log(line);
    if (single.length) {
      log(`  Statements for one order alone (in-process, same code; group-commit batches of one): ${single.length}`);
      const groups: string[] = [];
      for (const q of single) {
        const label = statementLabel(q);
        const last = groups.at(-1);
        if (last && last.replace(/ ×\d+$/, '') === label)
          groups[groups.length - 1] = `${label} ×${Number(/×(\d+)$/.exec(last)?.[1] ?? 1) + 1}`;
        else groups.push(label);
      }
      for (const [i, g] of groups.entries()) log(`    ${String(i + 1).padStart(2)}. ${g}`);
    }
    if (statements.length) {
      log(
        `  Server-side statements during the sale (pg_stat_statements; the job worker's follow-ups included), per request (${sale.outcomes.length}):`,
      );
      for (const line of statementTable(statements, sale.outcomes.length, 'request')) log(line);
      const lock = statements
        .filter((s) => statementLabel(s.query) === 'reserve: lock variants')
        .reduce((a, s) => a + s.calls, 0);
      const paid = statements
        .filter((s) => statementLabel(s.query) === 'finalize: mark paid')
        .reduce((a, s) => a + s.calls, 0);
      log(
        `  Group commit: ${lock} reservation batches for ${sale.outcomes.length - other.length} reservations (${fmt((sale.outcomes.length - other.length) / Math.max(1, lock), 1)} per batch); ${paid} payment batches for ${c.paid_orders} paid orders (${fmt(c.paid_orders / Math.max(1, paid), 1)} per batch)`,
      );
    }
    for (const line of profileLines) log(line);
    log(
      `\nApp server memory: peak ${fmt(memory.peakMb, 0)} MB resident (VmHWM), ${fmt(memory.rssMb, 0)} MB after the sale`,
    );
  } finally {
    client?.close();
    await server?.stop();
    fs.rmSync(profileDir, { recursive: true, force: true });
    await target.stop();
  }
}
