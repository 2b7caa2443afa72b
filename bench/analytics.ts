/**
 * `npm run bench -- analytics [--queries 200]`
 *
 * The engagement ladder at scale (issue 15): one brand with ANALYTICS_FOLLOWERS followers
 * (default 1M) and ANALYTICS_INTERACTIONS interactions in its log (default 10M) over the last
 * year, built in SQL with generate_series on PostgreSQL (the bench cluster in bench/.data/pg or
 * DATABASE_URL; database bench_analytics_<followers>_<interactions>, kept for later runs). Then:
 *  (a) one raw scan of the brand's interactions (count by kind): the ceiling of any computation;
 *  (b) the cold ladder, from the log alone (30 and 90 days), and the rollup rebuilt from the log;
 *  (c) the rollup refresh after a burst of new likes through the real tables (the collector: log,
 *      rollup, metrics, then the snapshot), and the delay until the snapshot shows them (at most
 *      the collector's interval plus that run; target 1 minute);
 *  (d) the dashboard's reads from the rollups: ladderCounts (30 days) and ladderSeries (90 days by
 *      week), p50/p95 (target p95 <= 200 ms), and a non-standard period read from the rollup;
 *  (e) the Return on Involvement series (90 days by week, 365 by month, each with its previous
 *      period) from analytics_counts, p50/p95 (target p95 <= 200 ms).
 * Prints each time and its ratio to the raw scan.
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { arrayLiteral, openPostgres, queryRows, type Database } from '../src/db/client';
import { uuidv7 } from '../src/db/ids';
import { migrate } from '../src/db/migrate';
import { systemClock } from '../src/lib/clock';
import { createAccount } from '../src/modules/accounts';
import {
  brandMetrics,
  COLLECT_EVERY_MS,
  coldLadder,
  collectInteractions,
  interactionKinds,
  ladderCounts,
  ladderSeries,
  markSpectators,
  rebuildPeople,
  refreshDirtyBrands,
  roiSeries,
} from '../src/modules/analytics';
import { int, summarize, type Stats } from './load';
import { benchDatabase } from './pg';

const log = (line: string) => console.log(line);
const ms = (n: number) => `${n.toFixed(1)} ms`;
const DAY = 86_400_000;

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const out = await fn();
  return [out, performance.now() - t0];
}

async function measure(n: number, fn: (i: number) => Promise<unknown>): Promise<Stats> {
  const latencies: number[] = [];
  const started = performance.now();
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn(i);
    latencies.push(performance.now() - t0);
  }
  return summarize(latencies, 0, (performance.now() - started) / 1000);
}

/** Kinds with rough shares of a brand's interactions (likes first, creators' acts rare). */
const mix: [string, number][] = [
  ['like', 40],
  ['bookmark', 8],
  ['repost', 8],
  ['reply', 12],
  ['mention', 4],
  ['post', 3],
  ['review', 2],
  ['question', 2],
  ['answer', 1],
  ['check_in', 4],
  ['topic', 1],
  ['space_reply', 5],
  ['subscription', 2],
  ['space_join', 2],
];

/** The brand, its followers (and a fifth more people who only interact), the log and the snapshots. */
async function buildWorld(database: Database, followers: number, interactions: number): Promise<string> {
  const db = database.db;
  const owner = await createAccount({ db }, { kind: 'person', username: 'ladder_owner' });
  const brand = await createAccount({ db }, { kind: 'brand', username: 'ladder_brand' });
  await queryRows(
    db,
    sql`insert into brand_members (brand_id, account_id, role) values (${brand.id}, ${owner.id}, 'owner')`,
  );
  const people = followers + Math.ceil(followers / 5);
  const batch = 1_000_000;
  for (let from = 0; from < people; from += batch) {
    await queryRows(
      db,
      sql`insert into accounts (id, kind, username, display_name)
          select gen_random_uuid(), 'person', 'lad_' || g, 'Fan ' || g
          from generate_series(${from + 1}::int, ${Math.min(people, from + batch)}::int) g`,
    );
  }
  await queryRows(
    db,
    sql`create table bench_people as
        select row_number() over (order by id) as n, id from accounts where username like 'lad\\_%'`,
  );
  await queryRows(db, sql`alter table bench_people add primary key (n)`);
  // Followers: the first `followers` people, who followed over the last two years.
  await queryRows(
    db,
    sql`insert into follows (follower_id, followee_id, created_at)
        select id, ${brand.id}::uuid, now() - random() * interval '730 days' from bench_people where n <= ${followers}`,
  );
  await queryRows(db, sql`update accounts set followers_count = ${followers} where id = ${brand.id}`);
  // Their follows in the log, keyed as the collector keys them.
  await queryRows(
    db,
    sql`insert into analytics_interactions (brand_id, account_id, kind, at, ref)
        select followee_id, follower_id, 'follow', created_at,
               md5(follower_id::text || '/' || followee_id::text || '/' || extract(epoch from created_at)::text)::uuid
        from follows where followee_id = ${brand.id}`,
  );
  const rest = Math.max(0, interactions - followers);
  const total = mix.reduce((a, [, w]) => a + w, 0);
  const cases = sql.join(
    mix.map(([kind], i) => {
      const upTo = mix.slice(0, i + 1).reduce((a, [, w]) => a + w, 0) / total;
      return sql`when r < ${upTo}::float8 then ${kind}`;
    }),
    sql` `,
  );
  for (let from = 0; from < rest; from += batch) {
    const n = Math.min(batch, rest - from);
    // A person drawn with a skew (a few very active), a kind by share, a time in the last year.
    await queryRows(
      db,
      sql`insert into analytics_interactions (brand_id, account_id, kind, at, ref, value)
          select ${brand.id}::uuid, p.id, x.kind, now() - random() * interval '365 days', gen_random_uuid(),
                 case when x.kind = 'review' then 1 + floor(random() * 5)::int end
          from (select g, case ${cases} else 'like' end as kind,
                       1 + floor(power(random(), 2) * ${people}::int)::int as who
                from (select g, random() as r from generate_series(${from + 1}::int, ${from + n}::int) g) s) x
          join bench_people p on p.n = x.who`,
    );
    process.stdout.write(`\r  interactions: ${(followers + from + n).toLocaleString('en')}`);
  }
  process.stdout.write('\n');
  // Views: a tenth of the people seen in the last month.
  await queryRows(
    db,
    sql`insert into analytics_ladder_people (brand_id, account_id, spectator_at)
        select ${brand.id}::uuid, id, now() - random() * interval '30 days' from bench_people where n % 10 = 0`,
  );
  // A year of daily snapshots (what the collector leaves behind): the reads' cost, not their values.
  await queryRows(
    db,
    sql`insert into analytics_ladder_daily (brand_id, day, period_days, audience, creators, conversationalists,
          critics, collectors, joiners, spectators, inactives, followers, refreshed_at)
        select ${brand.id}::uuid, (now() - d * interval '1 day')::date, p, 7 * ${followers}::int / 6, 1, 2, 3, 4, 5, 6,
               7 * ${followers}::int / 6 - 21, ${followers}::int, now()
        from generate_series(1, 365) d cross join (values (7), (30), (90), (365)) v(p)`,
  );
  await queryRows(db, sql`analyze`);
  return brand.id;
}

export async function main(argv: string[]) {
  const { values } = parseArgs({ args: argv, options: { queries: { type: 'string' }, burst: { type: 'string' } } });
  const followers = int(process.env.ANALYTICS_FOLLOWERS, 1_000_000, 'ANALYTICS_FOLLOWERS');
  const interactions = Math.max(
    followers,
    int(process.env.ANALYTICS_INTERACTIONS, 10_000_000, 'ANALYTICS_INTERACTIONS'),
  );
  const queries = int(values.queries, 200, 'queries');
  const burst = int(values.burst, 1000, 'burst');
  log(
    `Analytics benchmark — one brand, ${followers.toLocaleString('en')} followers, ` +
      `${interactions.toLocaleString('en')} interactions, PostgreSQL`,
  );
  log(
    `Machine: ${os.cpus().length} CPUs, Node ${process.version}, load ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  const bench = await benchDatabase(`bench_analytics_${followers}_${interactions}`);
  const database = await openPostgres(bench.url, 4);
  const db = database.db;
  const ctx = { db, clock: systemClock };
  try {
    await migrate(database);
    const [existing] = await queryRows<{ id: string }>(
      db,
      sql`select id from accounts where username = 'ladder_brand'`,
    );
    let brandId = existing?.id;
    if (!brandId || bench.fresh) {
      const [id, built] = await timed(() => buildWorld(database, followers, interactions));
      brandId = id;
      log(`World built in ${(built / 1000).toFixed(1)} s`);
    } else log('World reused (drop the database to build it again)');
    const brand = brandId;
    const now = new Date();

    // (a) The ceiling: one pass over the brand's log.
    const raws: number[] = [];
    for (let i = 0; i < 3; i++)
      raws.push(
        (
          await timed(() =>
            queryRows(
              db,
              sql`select kind, count(*) from analytics_interactions where brand_id = ${brand} group by kind`,
            ),
          )
        )[1],
      );
    const raw = Math.min(...raws);
    const ratio = (n: number) => `${(n / raw).toFixed(2)}× the raw scan`;
    log(`(a) raw scan of the log (count by kind, best of 3): ${ms(raw)}`);

    // (b) Cold: the ladder from the log alone, and the rollup rebuilt from it.
    const [cold30, c30] = await timed(() => coldLadder(db, brand, { periodDays: 30, now }));
    const [, c90] = await timed(() => coldLadder(db, brand, { periodDays: 90, now }));
    log(`(b) cold ladder from the log: 30 days ${ms(c30)} (${ratio(c30)}), 90 days ${ms(c90)} (${ratio(c90)})`);
    log(`    30 days: audience ${cold30.audience.toLocaleString('en')} ${JSON.stringify(cold30.rungs)}`);
    const [, rebuilt] = await timed(() => rebuildPeople(db, brand));
    log(`    the rollup rebuilt from the log: ${ms(rebuilt)} (${ratio(rebuilt)})`);
    // Snapshot refresh alone (every standard period in one pass over the rollup).
    await markSpectators(
      db,
      brand,
      (await queryRows<{ id: string }>(db, sql`select id from bench_people where n % 997 = 1 limit 1000`)).map(
        (r) => r.id,
      ),
      now,
    );
    const [, refreshed] = await timed(() => refreshDirtyBrands(ctx));
    log(`    snapshot refresh (4 periods, one pass over rollup and followers): ${ms(refreshed)} (${ratio(refreshed)})`);

    // (c) A burst of likes through the real tables, then one collector run.
    await collectInteractions(ctx); // a first run sets the watermarks (the world's rows are already logged)
    const post = uuidv7();
    await queryRows(db, sql`insert into statuses (id, account_id, text) values (${post}, ${brand}, 'Nouveauté')`);
    const [before] = await queryRows<{ collectors: number }>(
      db,
      sql`select collectors from analytics_ladder_daily where brand_id = ${brand} and period_days = 30
          order by day desc limit 1`,
    );
    const likers = await queryRows<{ id: string }>(
      db,
      sql`select id from bench_people order by random() limit ${burst}`,
    );
    const ids = likers.map(() => uuidv7());
    await queryRows(
      db,
      sql`insert into favourites (id, account_id, status_id)
          select i, a, ${post}::uuid
          from unnest(${`{${ids.join(',')}}`}::uuid[], ${`{${likers.map((l) => l.id).join(',')}}`}::uuid[]) as u(i, a)`,
    );
    const [run, collected] = await timed(() => collectInteractions(ctx));
    const [after] = await queryRows<{ collectors: number }>(
      db,
      sql`select collectors from analytics_ladder_daily where brand_id = ${brand} and period_days = 30
          order by day desc limit 1`,
    );
    log(
      `(c) burst of ${burst} likes: collector run (log, rollup, metrics, snapshot) ${ms(collected)} ` +
        `(${ratio(collected)}); ${run.added} new, ${run.refreshed} brand refreshed`,
    );
    log(
      `    snapshot collectors ${before?.collectors ?? 0} -> ${after?.collectors ?? 0}; worst delay = interval ` +
        `${COLLECT_EVERY_MS / 1000} s + run ${(collected / 1000).toFixed(1)} s = ` +
        `${((COLLECT_EVERY_MS + collected) / 1000).toFixed(1)} s (target 60 s)`,
    );

    // (d) The dashboard's reads from the rollups.
    const counts = await measure(queries, () => ladderCounts(db, brand, { periodDays: 30, now }));
    const series = await measure(queries, () =>
      ladderSeries(db, brand, { from: new Date(now.getTime() - 90 * DAY), to: now, interval: 'week' }),
    );
    log(
      `(d) ladderCounts 30 days: p50 ${ms(counts.p50)}, p95 ${ms(counts.p95)} (${ratio(counts.p95)}); ` +
        `ladderSeries 90 days by week: p50 ${ms(series.p50)}, p95 ${ms(series.p95)} (${ratio(series.p95)}); ` +
        'target p95 <= 200 ms',
    );
    const [, odd] = await timed(() => ladderCounts(db, brand, { periodDays: 45, now }));
    log(`    a non-standard period (45 days) from the rollup: ${ms(odd)} (${ratio(odd)})`);

    // (e) The Return on Involvement series, from analytics_counts: two years of every brand metric
    // (what the collectors leave behind; written once, kept on later runs).
    await queryRows(
      db,
      sql`insert into analytics_counts (subject_kind, subject_id, metric, day, value)
          select 'brand', ${brand}::uuid, m, (now() - d * interval '1 day')::date, 1 + floor(random() * 500)::int
          from generate_series(0, 730) d cross join unnest(${arrayLiteral(brandMetrics)}::text[]) m
          on conflict do nothing`,
    );
    for (const [period, interval] of [
      [90, 'week'],
      [365, 'month'],
    ] as const) {
      const roi = await measure(queries, () => roiSeries(db, brand, { period, interval, now }));
      log(
        `(e) roiSeries ${period} days by ${interval} (with the previous period): p50 ${ms(roi.p50)}, ` +
          `p95 ${ms(roi.p95)} (${ratio(roi.p95)}); target p95 <= 200 ms`,
      );
    }

    log(`Kinds known to the rules: ${Object.keys(interactionKinds).length}`);
  } finally {
    await database.close();
    await bench.stop();
  }
}
