/**
 * `npm run bench -- skeleton [--accounts N] [--posts M] [--follows F] [--seed S] [--pg] [--viewers V]`
 *
 * The home skeleton query alone, one query at a time on one connection, under plan variants, on
 * the same world as `bench timeline` (built or reused in bench/.data/). It answers "what would an
 * index or a planner setting change?" without editing the schema: the covering index is created
 * for the measurement and dropped afterwards.
 *
 *  - as is:        homeSkeleton's SQL with the schema's indexes. The schema's index is
 *                  (account_id, id DESC NULLS LAST) while the query orders by `id desc` (NULLS
 *                  FIRST): the orders differ, so every post of each followee is read and sorted;
 *  - ordered:      with an index on statuses (account_id, id desc), whose order is the query's:
 *                  each followee's scan stops after `limit` rows;
 *  - covering:     (account_id, id desc) INCLUDE (visibility, in_reply_to_account_id), after
 *                  VACUUM, so each followee is an index-only scan that stops at the limit.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sql, type SQL } from 'drizzle-orm';
import { openPglite, openPostgres, queryRows, type Database } from '../src/db/client';
import { homeSkeleton } from '../src/modules/social';
import { captureSql } from './capture';
import { int, summarize } from './load';
import { startBenchPostgres } from './pg';
import { benchData, pgliteWorld, serverWorld, urlWorld, worldOptions, worldParams, type World } from './world';

const log = (line: string) => console.log(line);

export async function main(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      ...worldOptions,
      pg: { type: 'boolean', default: false },
      viewers: { type: 'string' },
    },
  });
  const params = worldParams(values);
  const viewerCount = int(values.viewers, 200, 'viewers');

  let stop = async () => {};
  let world: World;
  if (values.pg && process.env.DATABASE_URL) world = await urlWorld(process.env.DATABASE_URL, params, log);
  else if (values.pg) {
    const server = await startBenchPostgres(path.join(benchData, 'pg'));
    stop = server.stop;
    world = await serverWorld(server.adminUrl, params, log);
  } else world = await pgliteWorld(params, log);

  // One connection, so session settings apply to every query.
  const database: Database =
    world.kind === 'pglite' ? await openPglite(world.dataDir) : await openPostgres(world.url, 1);
  const db = database.db;
  try {
    const viewers = (
      await queryRows<{ id: string }>(
        db,
        sql`select id from accounts where following_count > 0 order by random() limit ${viewerCount}`,
      )
    ).map((r) => r.id);
    const queries = await Promise.all(viewers.map((v) => captureSql((fake) => homeSkeleton(fake, v, { limit: 20 }))));
    const measure = async (label: string) => {
      for (const q of queries.slice(0, 20)) await db.execute(q); // warm the cache
      const latencies: number[] = [];
      const t0 = performance.now();
      for (const q of queries) {
        const t = performance.now();
        await db.execute(q);
        latencies.push(performance.now() - t);
      }
      const s = summarize(latencies, 0, (performance.now() - t0) / 1000);
      log(
        `  ${label.padEnd(34)} ${s.rate.toFixed(1).padStart(8)} q/s   p50 ${s.p50.toFixed(1).padStart(7)} ms   p95 ${s.p95.toFixed(1).padStart(7)} ms   p99 ${s.p99.toFixed(1).padStart(7)} ms`,
      );
    };
    log(
      `Home skeleton, ${world.key} on ${world.kind === 'pglite' ? 'PGlite' : 'PostgreSQL'}, ${viewers.length} viewers, one query at a time:`,
    );
    const variants: [string, SQL | null][] = [
      ['as is', null],
      [
        'ordered index (account_id, id desc)',
        sql`create index bench_statuses_home_ordered on statuses (account_id, id desc)`,
      ],
      [
        'covering index, vacuumed',
        sql`create index bench_statuses_home_cover on statuses (account_id, id desc) include (visibility, in_reply_to_account_id)`,
      ],
    ];
    const dropAll = async () => {
      await db.execute(sql`drop index if exists bench_statuses_home_ordered`);
      await db.execute(sql`drop index if exists bench_statuses_home_cover`);
    };
    await dropAll();
    try {
      for (const [label, create] of variants) {
        if (create) {
          await dropAll();
          const t = performance.now();
          await db.execute(create);
          await db.execute(sql`vacuum analyze statuses`);
          log(`    (index built and statuses vacuumed in ${((performance.now() - t) / 1000).toFixed(1)} s)`);
        }
        await measure(label);
      }
    } finally {
      await dropAll();
    }
  } finally {
    await database.close();
    await stop();
  }
}
